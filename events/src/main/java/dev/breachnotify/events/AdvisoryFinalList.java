package dev.breachnotify.events;

import java.time.LocalDate;
import java.util.List;

/**
 * The final list of an advisory at its deadline: the practices still outstanding and what each is missing. No
 * codes. Large lists are carried by their hash only (the CSV at {@code /api/advisories/{id}/final-list.csv}).
 *
 * @param targeted     practices the advisory was sent to
 * @param confirmed    practices that acknowledged and confirmed every credential
 * @param excluded     practices taken out of the escalation by hand
 * @param outstanding  practices on the list
 * @param csvSha256    SHA-256 (hex) of the final list's CSV as the endpoint serves it
 * @param entries      the list itself, or empty when it is longer than the event carries (see {@code complete})
 * @param complete     whether {@code entries} is the whole list
 */
public record AdvisoryFinalList(
        String advisoryId,
        LocalDate deadline,
        long targeted,
        long confirmed,
        long excluded,
        long outstanding,
        String csvSha256,
        List<Entry> entries,
        boolean complete)
        implements EventPayload {

    public AdvisoryFinalList {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    @Override
    public String practiceId() {
        return null;
    }

    /**
     * One outstanding practice.
     *
     * @param missing  the credential ids not confirmed, plus {@code acknowledgement} when it has not acknowledged
     * @param partners the IT service partners responsible for missing credentials (ids), empty when none
     */
    public record Entry(String practiceId, List<String> missing, List<String> partners) {
        public Entry {
            missing = missing == null ? List.of() : List.copyOf(missing);
            partners = partners == null ? List.of() : List.copyOf(partners);
        }

        public Entry(String practiceId, List<String> missing) {
            this(practiceId, missing, List.of());
        }
    }
}
