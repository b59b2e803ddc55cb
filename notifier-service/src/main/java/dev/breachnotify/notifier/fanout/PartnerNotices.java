package dev.breachnotify.notifier.fanout;

import dev.breachnotify.events.AdvisoryPublished;
import dev.breachnotify.events.Credential;
import dev.breachnotify.events.EventCodec;
import dev.breachnotify.events.EventEnvelope;
import dev.breachnotify.events.Partner;
import dev.breachnotify.events.PartnerNotificationRequested;
import dev.breachnotify.events.PartnerPractice;
import dev.breachnotify.events.Practice;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

/**
 * Gathers, practice by practice, what each IT service partner is to be told of an advisory (which practices, and
 * which of their credentials are the partner's, by {@link Practice#partnerFor}), and turns it into one
 * {@link PartnerNotificationRequested} per partner: the fan-out's first mail and the reminder step's digest.
 * Partners in the order of their ids, practices in the order they were added: deterministic for a replay.
 */
public final class PartnerNotices {

    private final Map<String, List<PartnerPractice>> byPartner = new TreeMap<>();

    /** Adds a practice with all of the advisory's credentials (the fan-out: every credential is still to do). */
    public void add(AdvisoryPublished advisory, Practice practice) {
        add(practice, advisory.credentials().stream().map(Credential::id).toList(), Set.of());
    }

    /**
     * Adds a practice with the credentials still to do: each goes to the partner responsible for it, unless that
     * partner declined it for this practice ({@code declined}: pairs {@code partnerId + "\u0000" + credentialId}).
     */
    public void add(Practice practice, Collection<String> credentialIds, Set<String> declined) {
        Map<String, List<String>> credentialsByPartner = new LinkedHashMap<>();
        for (String credentialId : credentialIds) {
            practice.partnerFor(credentialId)
                    .filter(partnerId -> !declined.contains(partnerId + "\u0000" + credentialId))
                    .ifPresent(partnerId -> credentialsByPartner
                            .computeIfAbsent(partnerId, id -> new ArrayList<>())
                            .add(credentialId));
        }
        credentialsByPartner.forEach((partnerId, credentials) -> byPartner
                .computeIfAbsent(partnerId, id -> new ArrayList<>())
                .add(new PartnerPractice(practice.practiceId(), credentials)));
    }

    /** The partners with at least one practice, by id. */
    public Set<String> partnerIds() {
        return byPartner.keySet();
    }

    /** What a partner is to be told; empty when it has no practice here. */
    public List<PartnerPractice> practicesOf(String partnerId) {
        return byPartner.getOrDefault(partnerId, List.of());
    }

    /**
     * One request per partner that the directory knows and that has at least one email address; the others are
     * left out (see {@link #unreachable}).
     *
     * @param codeHashes the hash of each partner's code for this advisory, by partner id
     */
    public List<PartnerNotificationRequested> requests(
            AdvisoryPublished advisory,
            Map<String, Partner> partners,
            String step,
            Function<String, String> codeHashes,
            Instant codeExpiresAt) {
        List<PartnerNotificationRequested> requests = new ArrayList<>(byPartner.size());
        byPartner.forEach((partnerId, practices) -> {
            Partner partner = partners.get(partnerId);
            if (partner != null && !partner.emails().isEmpty()) {
                requests.add(new PartnerNotificationRequested(
                        notificationId(advisory.advisoryId(), partnerId, step),
                        advisory.advisoryId(),
                        partnerId,
                        step,
                        partner.language(),
                        partner.emails(),
                        codeHashes.apply(partnerId),
                        codeExpiresAt,
                        practices));
            }
        });
        return requests;
    }

    /** How many partners with practices here cannot be written to: unknown to the directory, or without email. */
    public long unreachable(Map<String, Partner> partners) {
        return byPartner.keySet().stream()
                .filter(partnerId -> !partners.containsKey(partnerId)
                        || partners.get(partnerId).emails().isEmpty())
                .count();
    }

    /**
     * The largest partner notification this service writes, encoded: Kafka's default record limit is 1 MB, and one
     * partner's list of some 8,000 practices reaches it. A larger one is left out (and logged by its caller) rather
     * than failing the whole fan-out or step again and again.
     */
    public static final int MAX_EVENT_BYTES = 900_000;

    /** Whether the encoded event fits in one Kafka record ({@link #MAX_EVENT_BYTES}). */
    public static boolean fits(EventEnvelope<PartnerNotificationRequested> event) {
        return EventCodec.encode(event).length <= MAX_EVENT_BYTES;
    }

    /** Deterministic per advisory, partner and step: a replayed fan-out or step repeats the same mail. */
    public static UUID notificationId(String advisoryId, String partnerId, String step) {
        return UUID.nameUUIDFromBytes(
                ("partner-notification\u0000" + advisoryId + "\u0000" + partnerId + "\u0000" + step)
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The event id of a partner notification's event: deterministic, so a repeated request is a duplicate. */
    public static UUID eventIdOf(PartnerNotificationRequested notification) {
        return UUID.nameUUIDFromBytes(("event\u0000" + notification.notificationId()).getBytes(StandardCharsets.UTF_8));
    }
}
