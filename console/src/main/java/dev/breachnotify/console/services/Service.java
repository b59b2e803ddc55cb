package dev.breachnotify.console.services;

/** The services the console talks to. */
public enum Service {
    NOTIFIER,
    ACK,
    AUDIT
}
