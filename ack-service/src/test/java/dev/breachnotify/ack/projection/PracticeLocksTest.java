package dev.breachnotify.ack.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AcknowledgementRecorded;
import dev.breachnotify.events.CredentialRotationConfirmed;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.EventPayload;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.events.RotationStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PracticeLocksTest {

    @Test
    void onePracticesAnswersTakeOneLock() {
        UUID submission = UUID.randomUUID();
        List<EventEnvelope<? extends EventPayload>> events = List.of(
                wrap(new AcknowledgementRecorded(submission, "ADV-1", "P-1", "Dr. A", Instant.now(), null)),
                wrap(new CredentialRotationConfirmed(
                        submission, "ADV-1", "P-1", "vpn", RotationStatus.CHANGED, null, "Dr. A", Instant.now())));

        assertThat(PracticeLocks.keys(events)).hasSize(1);
    }

    @Test
    void severalPracticesAreLockedInAscendingOrderAndOtherEventsNotAtAll() {
        List<EventEnvelope<? extends EventPayload>> events = List.of(
                wrap(new AcknowledgementRecorded(UUID.randomUUID(), "ADV-1", "P-2", "B", Instant.now(), null)),
                wrap(new PracticeRegistered(
                        new Practice("P-3", "Praxis", null, List.of(), null, "de", null, PreferredChannel.EMAIL))),
                wrap(new AcknowledgementRecorded(UUID.randomUUID(), "ADV-1", "P-1", "A", Instant.now(), null)),
                wrap(new AcknowledgementRecorded(UUID.randomUUID(), "ADV-2", "P-1", "A", Instant.now(), null)));

        int[] keys = PracticeLocks.keys(events);

        assertThat(keys).hasSize(3).isSorted();
    }

    @Test
    void eventsWithoutAnswersTakeNoLock() {
        assertThat(PracticeLocks.keys(List.of(wrap(new PracticeRegistered(
                        new Practice("P-3", "Praxis", null, List.of(), null, "de", null, PreferredChannel.EMAIL))))))
                .isEmpty();
    }

    private static EventEnvelope<? extends EventPayload> wrap(EventPayload payload) {
        return EventEnvelope.wrap(payload, "test", Instant.now());
    }
}
