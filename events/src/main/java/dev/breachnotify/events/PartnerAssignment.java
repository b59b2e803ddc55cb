package dev.breachnotify.events;

/**
 * An IT service partner looks after some of a practice's credentials.
 *
 * @param credentialId the credential the partner is responsible for (an advisory's credential id, e.g.
 *                     {@code ti-konnektor}), or {@link #ALL_CREDENTIALS}
 */
public record PartnerAssignment(String credentialId, String partnerId) {

    /** The credential id that stands for every credential of an advisory. */
    public static final String ALL_CREDENTIALS = "*";

    /** Whether this assignment covers the credential. */
    public boolean covers(String credential) {
        return ALL_CREDENTIALS.equals(credentialId) || credentialId.equals(credential);
    }
}
