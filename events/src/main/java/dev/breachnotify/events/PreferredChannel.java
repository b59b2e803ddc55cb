package dev.breachnotify.events;

/** The channel a practice asked to be reached by. */
public enum PreferredChannel {
    EMAIL,
    LETTER,
    BOTH
}
