package dev.breachnotify.events;

/** How a practice is reached. */
public enum Channel {
    EMAIL,
    LETTER
}
