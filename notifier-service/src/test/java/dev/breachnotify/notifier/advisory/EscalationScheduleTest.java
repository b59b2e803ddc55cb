package dev.breachnotify.notifier.advisory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.breachnotify.events.LocalizedText;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscalationScheduleTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    @Test
    void anAdvisoryWithoutAScheduleGetsTheDefaultOne() {
        assertThat(draft(null).withDefaults().schedule()).isEqualTo(new EscalationSchedule(3, 7));
        assertThat(draft(new EscalationSchedule(null, 10)).withDefaults().schedule())
                .isEqualTo(new EscalationSchedule(3, 10));
        assertThat(draft(new EscalationSchedule(0, 5)).withDefaults().schedule())
                .isEqualTo(new EscalationSchedule(0, 5));
    }

    @Test
    void daysOutsideZeroTo365AreReportedByField() {
        assertThat(AdvisoryValidator.problems(
                        draft(new EscalationSchedule(-1, 400)).withDefaults(), TODAY))
                .contains(
                        "schedule.reminderAfterDays: must be between 0 (step off) and 365 days, not -1",
                        "schedule.letterAfterDays: must be between 0 (step off) and 365 days, not 400");
        assertThat(AdvisoryValidator.problems(draft(null).withDefaults(), TODAY))
                .isEmpty();
    }

    private static AdvisoryDraft draft(EscalationSchedule schedule) {
        return new AdvisoryDraft(
                "Title",
                Map.of("de", new LocalizedText("Betreff", "Text"), "en", new LocalizedText("Subject", "Text")),
                null,
                TODAY.plusDays(30),
                null,
                null,
                null,
                schedule);
    }
}
