package dev.breachnotify.events;

import java.time.Instant;

/**
 * A step of an advisory's escalation schedule fired: its notifications (reminder emails, letters) were requested
 * for the practices still outstanding at {@code firedAt}.
 *
 * @param step        {@code reminder}, {@code letter} or {@code final-list}
 * @param trigger     {@code SCHEDULE}, or {@code MANUAL} when the communications team fired it early
 * @param triggeredBy the user who fired it early, or {@code null}
 * @param dueAt       when the schedule had it due
 * @param practices   how many practices got a notification of this step
 * @param partnerDigests how many IT service partners got a digest mail of this step (reminders only)
 */
public record EscalationStepFired(
        String advisoryId,
        String step,
        String trigger,
        String triggeredBy,
        Instant dueAt,
        Instant firedAt,
        long practices,
        long partnerDigests)
        implements EventPayload {

    /** A step that sent no partner digests. */
    public EscalationStepFired(
            String advisoryId,
            String step,
            String trigger,
            String triggeredBy,
            Instant dueAt,
            Instant firedAt,
            long practices) {
        this(advisoryId, step, trigger, triggeredBy, dueAt, firedAt, practices, 0);
    }

    @Override
    public String practiceId() {
        return null;
    }
}
