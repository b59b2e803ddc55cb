package dev.breachnotify.console.chart;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart as inline SVG, drawn on the server: the console loads no chart library and no script. It shows a
 * running total over time (acknowledgements by the hour) against the number of practices targeted, with a
 * text alternative for screen readers.
 */
public final class CumulativeChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    static final int LEFT = 56;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 40;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("dd.MM. HH:mm")
            .withZone(ZoneId.of("Europe/Berlin"));

    private CumulativeChart() {
    }

    /** One bucket: how many were added in the period starting at {@code at}. */
    public record Point(Instant at, long count) {
    }

    /**
     * The SVG element.
     *
     * @param buckets the counts per period, in time order
     * @param total   the line the running total climbs towards (the practices targeted)
     * @param title   the chart's accessible name
     */
    public static String svg(List<Point> buckets, long total, String title) {
        List<long[]> running = new ArrayList<>();
        long sum = 0;
        for (Point point : buckets) {
            sum += point.count();
            running.add(new long[] {point.at().getEpochSecond(), sum});
        }
        long max = Math.max(Math.max(total, sum), 1);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"chart-title\">")
                .append("<title id=\"chart-title\">").append(escape(title)).append(": ").append(sum).append(" / ")
                .append(total).append("</title>");
        // axes and the total
        svg.append(line(LEFT, TOP, LEFT, TOP + plotHeight, "axis"));
        svg.append(line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, "axis"));
        double totalY = TOP + plotHeight - plotHeight * total / max;
        svg.append(line(LEFT, totalY, LEFT + plotWidth, totalY, "total"));
        svg.append(text(LEFT - 6, totalY + 4, "end", Long.toString(total)));
        svg.append(text(LEFT - 6, TOP + plotHeight + 4, "end", "0"));
        if (!running.isEmpty()) {
            long first = running.get(0)[0];
            long last = running.get(running.size() - 1)[0];
            double span = Math.max(last - first, 1);
            StringBuilder points = new StringBuilder();
            points.append(fmt(LEFT)).append(',').append(fmt(TOP + plotHeight));
            for (long[] point : running) {
                double x = running.size() == 1 ? LEFT + plotWidth : LEFT + plotWidth * (point[0] - first) / span;
                double y = TOP + plotHeight - plotHeight * point[1] / max;
                points.append(' ').append(fmt(x)).append(',').append(fmt(y));
            }
            svg.append("<polyline class=\"series\" fill=\"none\" points=\"").append(points).append("\"/>");
            svg.append(text(LEFT, HEIGHT - 12, "start", HOUR.format(Instant.ofEpochSecond(first))));
            if (running.size() > 1) {
                svg.append(text(LEFT + plotWidth, HEIGHT - 12, "end", HOUR.format(Instant.ofEpochSecond(last))));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String line(double x1, double y1, double x2, double y2, String cssClass) {
        return "<line class=\"" + cssClass + "\" x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2)
                + "\" y2=\"" + fmt(y2) + "\"/>";
    }

    private static String text(double x, double y, String anchor, String content) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + escape(content)
                + "</text>";
    }

    private static String fmt(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
