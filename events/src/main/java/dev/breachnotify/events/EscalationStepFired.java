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
 */
public record EscalationStepFired(
        String advisoryId,
        String step,
        String trigger,
        String triggeredBy,
        Instant dueAt,
        Instant firedAt,
        long practices)
        implements EventPayload {

    @Override
    public String practiceId() {
        return null;
    }
}
