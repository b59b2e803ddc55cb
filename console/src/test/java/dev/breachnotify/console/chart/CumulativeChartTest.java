package dev.breachnotify.console.chart;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CumulativeChartTest {

    @Test
    void drawsTheRunningTotalUpToTheTargetLine() {
        String svg = CumulativeChart.svg(List.of(
                new CumulativeChart.Point(Instant.parse("2026-12-02T08:00:00Z"), 50),
                new CumulativeChart.Point(Instant.parse("2026-12-02T09:00:00Z"), 50),
                new CumulativeChart.Point(Instant.parse("2026-12-02T10:00:00Z"), 100)), 200, "Acks");

        assertThat(svg).startsWith("<svg").endsWith("</svg>")
                .contains("role=\"img\"", "<title id=\"chart-title\">Acks: 200 / 200</title>");
        // plot area 56..624 x 16..200: (start, 0), then 50 → y 154, 100 → y 108, 200 at the end → y 16
        assertThat(svg).contains("points=\"56.0,200.0 56.0,154.0 340.0,108.0 624.0,16.0\"");
        assertThat(svg).contains("class=\"total\" x1=\"56.0\" y1=\"16.0\"");
        assertThat(svg).contains(">02.12. 09:00<", ">02.12. 11:00<"); // Berlin time
    }

    @Test
    void anEmptySeriesDrawsOnlyTheAxesAndTheTarget() {
        String svg = CumulativeChart.svg(List.of(), 300, "Acks");

        assertThat(svg).doesNotContain("polyline").contains("Acks: 0 / 300", ">300<");
    }

    @Test
    void aSinglePointDoesNotDivideByZeroAndTextIsEscaped() {
        String svg = CumulativeChart.svg(List.of(new CumulativeChart.Point(Instant.EPOCH, 3)), 0, "<b>&");

        assertThat(svg).contains("points=\"56.0,200.0 624.0,16.0\"").contains("&lt;b&gt;&amp;: 3 / 0")
                .doesNotContain("NaN", "Infinity");
    }
}
