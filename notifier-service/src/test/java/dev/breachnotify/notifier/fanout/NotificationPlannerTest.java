package dev.breachnotify.notifier.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.PostalAddress;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PreferredChannel;
import dev.breachnotify.notifier.advisory.DefaultCredentials;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationPlannerTest {

    private static final Instant EXPIRES = Instant.parse("2027-02-01T00:00:00Z");

    @Test
    void laterStepsHaveTheirOwnDeterministicIds() {
        Practice practice = practice(PreferredChannel.EMAIL, List.of("a@example.org"));
        NotificationRequested reminder = NotificationPlanner.request(
                advisory(List.of(Channel.EMAIL, Channel.LETTER)),
                practice,
                Channel.EMAIL,
                NotificationPlanner.REMINDER,
                "ab".repeat(32),
                EXPIRES);
        NotificationRequested again = NotificationPlanner.request(
                advisory(List.of(Channel.EMAIL, Channel.LETTER)),
                practice,
                Channel.EMAIL,
                NotificationPlanner.REMINDER,
                "ab".repeat(32),
                EXPIRES);

        assertThat(reminder.notificationId())
                .isEqualTo(again.notificationId())
                .isNotEqualTo(NotificationPlanner.notificationId("ADV-1", "P-1", Channel.EMAIL, "initial"));
        assertThat(NotificationPlanner.eventIdOf(reminder)).isEqualTo(NotificationPlanner.eventIdOf(again));
        assertThat(reminder.recipients()).containsExactly("a@example.org");
        NotificationRequested letter = NotificationPlanner.request(
                advisory(List.of(Channel.LETTER)),
                practice,
                Channel.LETTER,
                NotificationPlanner.LETTER,
                "ab".repeat(32),
                EXPIRES);
        assertThat(letter.recipients()).isEmpty();
        assertThat(letter.step()).isEqualTo("letter");
    }

    @Test
    void whoCanBeRemindedByEmailAndWhoByLetter() {
        AdvisoryPublished both = advisory(List.of(Channel.EMAIL, Channel.LETTER));
        Practice emailOnly = practice(PreferredChannel.EMAIL, List.of("a@example.org"));
        Practice letterOnly = practice(PreferredChannel.LETTER, List.of("a@example.org"));
        Practice noEmail = practice(PreferredChannel.EMAIL, List.of());

        assertThat(NotificationPlanner.canBeEmailed(both, emailOnly)).isTrue();
        assertThat(NotificationPlanner.canBeEmailed(both, letterOnly)).isFalse();
        assertThat(NotificationPlanner.canBeEmailed(both, noEmail)).isFalse();
        assertThat(NotificationPlanner.getsInitialLetter(both, emailOnly)).isFalse();
        assertThat(NotificationPlanner.getsInitialLetter(both, noEmail)).isTrue();
        assertThat(NotificationPlanner.canBeWritten(both, emailOnly)).isTrue();
        assertThat(NotificationPlanner.canBeWritten(advisory(List.of(Channel.EMAIL)), emailOnly))
                .isFalse();
    }

    @Test
    void codesExpireAfterTheDeadlineDayInGermanTime() {
        assertThat(NotificationPlanner.codeExpiresAt(advisory(List.of(Channel.EMAIL)), Duration.ofDays(60)))
                .isEqualTo(Instant.parse("2026-12-15T23:00:00Z").plus(Duration.ofDays(60)));
    }

    private static Practice practice(PreferredChannel preferred, List<String> emails) {
        return new Practice(
                "P-1",
                "Praxis",
                null,
                emails,
                new PostalAddress("Weg 1", "10115", "Berlin", "DE"),
                "de",
                "x",
                preferred);
    }

    private static AdvisoryPublished advisory(List<Channel> channels) {
        return new AdvisoryPublished(
                "ADV-1",
                "T",
                Map.of("de", new LocalizedText("S", "B"), "en", new LocalizedText("S", "B")),
                DefaultCredentials.ALL,
                LocalDate.of(2026, 12, 15),
                AdvisoryPublished.Audience.ALL,
                channels,
                "comms",
                Instant.parse("2026-11-24T08:00:00Z"),
                null);
    }
}
