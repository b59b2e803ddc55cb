package dev.breachnotify.console.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CumulativeChartTest {

    private static final Instant EIGHT = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void drawsEachRunningTotalUpToTheTargetLine() {
        String svg = CumulativeChart.svg(
                List.of(
                        new CumulativeChart.Series(
                                "Acks",
                                "acknowledgements",
                                List.of(
                                        new CumulativeChart.Point(EIGHT, 50),
                                        new CumulativeChart.Point(EIGHT.plusSeconds(3600), 50),
                                        new CumulativeChart.Point(EIGHT.plusSeconds(7200), 100))),
                        new CumulativeChart.Series(
                                "Rotated",
                                "rotations",
                                List.of(new CumulativeChart.Point(EIGHT.plusSeconds(3600), 20)))),
                200,
                "Progress");

        assertThat(svg)
                .startsWith("<svg")
                .endsWith("</svg>")
                .contains("role=\"img\"", "<title id=\"chart-title\">Progress (200, Acks 200, Rotated 20)</title>");
        // plot area 56..624 x 16..200: (start, 0), then 50 → y 154, 100 → y 108, 200 at the end → y 16
        assertThat(svg)
                .contains("class=\"series acknowledgements\" fill=\"none\" "
                        + "points=\"56.0,200.0 56.0,154.0 340.0,108.0 624.0,16.0\"");
        assertThat(svg).contains("class=\"series rotations\" fill=\"none\" points=\"56.0,200.0 340.0,181.6\"");
        assertThat(svg).contains("class=\"total\" x1=\"56.0\" y1=\"16.0\"");
        assertThat(svg).contains(">02.12. 09:00<", ">02.12. 11:00<"); // Berlin time
    }

    @Test
    void anEmptySeriesDrawsOnlyTheAxesAndTheTarget() {
        String svg = CumulativeChart.svg(List.of(new CumulativeChart.Series("Acks", "a", List.of())), 300, "P");

        assertThat(svg).doesNotContain("polyline").contains("P (300, Acks 0)", ">300<");
    }

    @Test
    void aSinglePointDoesNotDivideByZeroAndTextIsEscaped() {
        String svg = CumulativeChart.svg(
                List.of(new CumulativeChart.Series("<b>&", "a", List.of(new CumulativeChart.Point(Instant.EPOCH, 3)))),
                0,
                "T");

        assertThat(svg)
                .contains("points=\"56.0,200.0 624.0,16.0\"")
                .contains("T (0, &lt;b&gt;&amp; 3)")
                .doesNotContain("NaN", "Infinity");
    }
}
