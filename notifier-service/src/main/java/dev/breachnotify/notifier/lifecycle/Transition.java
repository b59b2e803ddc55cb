package dev.breachnotify.notifier.lifecycle;

import java.util.Locale;

/** A change of an advisory's {@link AdvisoryState}; each is recorded as one event (see docs/lifecycle.md). */
public enum Transition {
    /** {@code advisory.published}. */
    PUBLISH,
    /** {@code escalation.paused}. */
    PAUSE,
    /** {@code escalation.resumed}. */
    RESUME,
    /** {@code advisory.retracted}. */
    WITHDRAW,
    /** {@code advisory.final.list}: the deadline's final list is out. */
    CLOSE;

    public String verb() {
        return name().toLowerCase(Locale.ROOT);
    }
}
