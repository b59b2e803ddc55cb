package dev.breachnotify.events;

/** What a practice says about one credential. */
public enum RotationStatus {
    /** The practice changed it, on the given date. */
    CHANGED,
    /** The practice's IT service provider changed it. */
    CHANGED_BY_PROVIDER,
    /** The practice does not have this credential. */
    NOT_APPLICABLE
}
