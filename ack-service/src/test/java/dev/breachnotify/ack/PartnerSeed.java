package dev.breachnotify.ack;

import dev.breachnotify.events.AckCode;
import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Channel;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.LocalizedText;
import dev.breachnotify.events.NotificationRequested;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerContact;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.PartnerPractice;
import dev.breachnotify.events.PartnerRegistered;
import dev.breachnotify.events.Practice;
import dev.breachnotify.events.PracticeRegistered;
import dev.breachnotify.events.PreferredChannel;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Publishes, as the notifier would, practices, a partner, an advisory and the partner's initial mail. */
final class PartnerSeed {

    static final List<Credential> CREDENTIALS = List.of(
            new Credential("ti-konnektor", Map.of("de", "TI-Konnektor (Admin-PIN)", "en", "TI connector (admin PIN)")),
            new Credential("praxis-admin", Map.of("de", "Administrator-Passwort", "en", "Administrator password")));

    private PartnerSeed() {}

    /** An advisory, one partner with {@code practices} practices, and the partner's code. */
    record Seeded(String advisoryId, String partnerId, AckCode code, List<String> practiceIds) {}

    /** Practices {@code <prefix>-0001} … with names {@code Praxis <prefix> 0001} in "Musterstadt". */
    static List<String> practices(KafkaProducer<String, byte[]> producer, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String id = String.format("%s-%04d", prefix, i);
            ids.add(id);
            AckTestSupport.publish(
                    producer,
                    new PracticeRegistered(new Practice(
                            id,
                            String.format("Praxis %s %04d", prefix, i),
                            "Dr. Test",
                            List.of("praxis@example.org"),
                            null,
                            "de",
                            "arzt",
                            PreferredChannel.EMAIL,
                            Map.of("city", "Musterstadt"))));
        }
        return ids;
    }

    /**
     * An advisory, a partner responsible for both credentials at every practice, and its initial mail with the code
     * (derived with {@link AckCode} from random bits, as the notifier derives it from an HMAC).
     */
    static Seeded advisoryForPartner(
            KafkaProducer<String, byte[]> producer, String run, List<String> practiceIds, String language) {
        String advisoryId = "ADV-" + run + "-" + UUID.randomUUID().toString().substring(0, 6);
        String partnerId = "IT-" + run + "-" + UUID.randomUUID().toString().substring(0, 6);
        AckTestSupport.publish(
                producer,
                new PartnerRegistered(new Partner(
                        partnerId,
                        "Systemhaus <Nord> GmbH",
                        language,
                        List.of(new PartnerContact("Ops", "ops@it.example")))));
        AckTestSupport.publish(producer, advisory(advisoryId));
        AckCode code = AckTestSupport.newCode();
        AckTestSupport.publish(
                producer,
                new PartnerNotificationRequested(
                        UUID.randomUUID(),
                        advisoryId,
                        partnerId,
                        "initial",
                        language,
                        List.of("ops@it.example"),
                        code.hash(),
                        Instant.now().plusSeconds(30L * 24 * 3600),
                        practiceIds.stream()
                                .map(id -> new PartnerPractice(id, List.of("ti-konnektor", "praxis-admin")))
                                .toList()));
        return new Seeded(advisoryId, partnerId, code, practiceIds);
    }

    /** A practice's own code for the advisory, so that its page can be read. */
    static AckCode practiceCode(KafkaProducer<String, byte[]> producer, String advisoryId, String practiceId) {
        AckCode code = AckTestSupport.newCode();
        AckTestSupport.publish(
                producer,
                new NotificationRequested(
                        UUID.randomUUID(),
                        advisoryId,
                        practiceId,
                        Channel.EMAIL,
                        "initial",
                        "de",
                        List.of("praxis@example.org"),
                        code.hash(),
                        Instant.now().plusSeconds(30L * 24 * 3600)));
        return code;
    }

    static AdvisoryPublished advisory(String id) {
        return new AdvisoryPublished(
                id,
                "Kennwortwechsel",
                Map.of(
                        "de",
                        new LocalizedText("Kennwörter jetzt ändern", "Bitte ändern Sie Ihre Zugangsdaten."),
                        "en",
                        new LocalizedText("Change your passwords now", "Please change them.")),
                CREDENTIALS,
                LocalDate.of(2026, 12, 31),
                AdvisoryPublished.Audience.ALL,
                List.of(Channel.EMAIL),
                "comms",
                Instant.now(),
                null);
    }
}
