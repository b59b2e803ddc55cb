package dev.breachnotify.notifier.lifecycle;

import java.util.Locale;

/**
 * The one state of an advisory, and the one answer of each state to "may this go out now?".
 *
 * <pre>
 * DRAFT --publish--> RUNNING --pause--> PAUSED --resume--> RUNNING
 * RUNNING --close (the final list is out)--> CLOSED
 * RUNNING | PAUSED | CLOSED --withdraw--> WITHDRAWN
 * </pre>
 *
 * A published advisory is {@code RUNNING} until it is paused, withdrawn or closed. {@link #of} derives the state
 * from the stored facts (the advisory's status, its withdrawal, its pause flag, its fired final list), so that it is
 * computed in this one place.
 */
public enum AdvisoryState {
    DRAFT,
    RUNNING,
    PAUSED,
    WITHDRAWN,
    CLOSED;

    /** What an outbound path does with something it is about to send. */
    public enum Answer {
        /** Send it now. */
        SEND,
        /** Keep it and send it later (after a resume). */
        HOLD,
        /** Never send it. */
        DROP
    }

    /** What is about to go out. */
    public enum Outbound {
        /** Anything that reaches a practice: a mail, a retry, a letter, a reminder, an escalation step. */
        TO_PRACTICE,
        /** A test mail to an internal address (placeholders instead of codes). */
        TEST_SEND
    }

    /** The state the stored facts describe; a withdrawal outranks a closed list, which outranks a pause. */
    public static AdvisoryState of(boolean published, boolean withdrawn, boolean closed, boolean paused) {
        if (!published) {
            return DRAFT;
        }
        if (withdrawn) {
            return WITHDRAWN;
        }
        if (closed) {
            return CLOSED;
        }
        return paused ? PAUSED : RUNNING;
    }

    /** This state's one answer to "may this go out now?". */
    public Answer answer(Outbound outbound) {
        return switch (this) {
            case RUNNING -> Answer.SEND;
            case PAUSED -> outbound == Outbound.TEST_SEND ? Answer.SEND : Answer.HOLD;
            case DRAFT -> outbound == Outbound.TEST_SEND ? Answer.SEND : Answer.DROP;
            case WITHDRAWN, CLOSED -> Answer.DROP;
        };
    }

    /**
     * The state after the transition.
     *
     * @throws LifecycleException naming this state when the transition is not allowed from it
     */
    public AdvisoryState after(Transition transition, String advisoryId) {
        AdvisoryState next = switch (transition) {
            case PUBLISH -> this == DRAFT ? RUNNING : null;
            case PAUSE -> this == RUNNING ? PAUSED : null;
            case RESUME -> this == PAUSED ? RUNNING : null;
            case CLOSE -> this == RUNNING ? CLOSED : null;
            case WITHDRAW -> this == RUNNING || this == PAUSED || this == CLOSED ? WITHDRAWN : null;
        };
        if (next == null) {
            throw new LifecycleException(advisoryId, this, transition);
        }
        return next;
    }

    /** The state in words, for messages: "a draft", "published and running", "paused", ... */
    public String described() {
        return switch (this) {
            case DRAFT -> "a draft";
            case RUNNING -> "published and running";
            case PAUSED -> "paused";
            case WITHDRAWN -> "withdrawn";
            case CLOSED -> "closed";
        };
    }

    /** Lower-case name for messages and JSON ({@code running}, {@code withdrawn}, ...). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
