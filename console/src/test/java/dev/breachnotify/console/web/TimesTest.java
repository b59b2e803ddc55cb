package dev.breachnotify.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void instantsAndDaysAreShownInTheViewersLanguage() {
        assertThat(new Times("de").at("2026-12-05T03:53:13.79Z")).isEqualTo("05.12.2026 04:53");
        assertThat(new Times("en").at("2026-12-05T03:53:13.79Z")).isEqualTo("5 Dec 2026, 04:53");
        assertThat(new Times("de").day("2026-12-31")).isEqualTo("31.12.2026");
        assertThat(new Times("en").day("2026-12-31")).isEqualTo("31 December 2026");
    }

    @Test
    void anythingElseIsShownAsItIs() {
        assertThat(new Times("en").at("soon")).isEqualTo("soon");
        assertThat(new Times("en").day("2026-13-45")).isEqualTo("2026-13-45");
        assertThat(new Times("en").day(null)).isNull();
        assertThat(Times.local(List.of(Map.of("dueAt", "2026-12-05T03:53:13Z", "step", "reminder")), "en", "dueAt"))
                .containsExactly(Map.of("dueAt", "5 Dec 2026, 04:53", "step", "reminder"));
    }
}
