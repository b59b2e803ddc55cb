package dev.breachnotify.notifier.advisory;

/**
 * When an advisory escalates, in days after its publication: a reminder email to the practices that have not
 * confirmed everything, then a printed letter; the final list of the outstanding practices is drawn up when the
 * deadline has passed. A missing value takes its default; {@code 0} switches a step off.
 *
 * @param reminderAfterDays days after publication for the reminder email (default {@value #DEFAULT_REMINDER_DAYS})
 * @param letterAfterDays   days after publication for the printed letter (default {@value #DEFAULT_LETTER_DAYS})
 */
public record EscalationSchedule(Integer reminderAfterDays, Integer letterAfterDays) {

    public static final int DEFAULT_REMINDER_DAYS = 3;
    public static final int DEFAULT_LETTER_DAYS = 7;
    public static final EscalationSchedule DEFAULT = new EscalationSchedule(DEFAULT_REMINDER_DAYS, DEFAULT_LETTER_DAYS);

    /** The schedule with defaults for missing values. */
    public EscalationSchedule withDefaults() {
        return new EscalationSchedule(
                reminderAfterDays == null ? DEFAULT_REMINDER_DAYS : reminderAfterDays,
                letterAfterDays == null ? DEFAULT_LETTER_DAYS : letterAfterDays);
    }
}
