package dev.breachnotify.console.chart;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart as inline SVG, drawn on the server: the console loads no chart library and no script. It shows
 * running totals over time (acknowledgements and rotated credentials, by the hour) against the number of
 * practices targeted, with a text alternative for screen readers.
 */
public final class CumulativeChart {

    static final int WIDTH = 640;
    static final int HEIGHT = 240;
    static final int LEFT = 56;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 40;
    private static final DateTimeFormatter HOUR_EN =
            DateTimeFormatter.ofPattern("d MMM, HH:mm", java.util.Locale.UK).withZone(ZoneId.of("Europe/Berlin"));
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("dd.MM. HH:mm").withZone(ZoneId.of("Europe/Berlin"));

    private CumulativeChart() {}

    /** One bucket: how many were added in the period starting at {@code at}. */
    public record Point(Instant at, long count) {}

    /** One line of the chart: its name (for the legend and the text alternative), CSS class and buckets. */
    public record Series(String name, String cssClass, List<Point> buckets) {}

    /**
     * The SVG element.
     *
     * @param series the lines, each with its counts per period in time order
     * @param total  the line the running totals climb towards (the practices targeted)
     * @param title  the chart's accessible name
     */
    public static String svg(List<Series> series, long total, String title) {
        return svg(series, total, title, "de");
    }

    /** As {@link #svg(List, long, String)}, its time axis in the viewer's language ({@code de}, {@code en}). */
    public static String svg(List<Series> series, long total, String title, String language) {
        DateTimeFormatter hour = "en".equals(language) ? HOUR_EN : HOUR;
        List<List<long[]>> running = new ArrayList<>();
        long max = Math.max(total, 1);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        StringBuilder summary = new StringBuilder();
        for (Series line : series) {
            List<long[]> points = new ArrayList<>();
            long sum = 0;
            for (Point point : line.buckets()) {
                sum += point.count();
                points.add(new long[] {point.at().getEpochSecond(), sum});
                first = Math.min(first, point.at().getEpochSecond());
                last = Math.max(last, point.at().getEpochSecond());
            }
            max = Math.max(max, sum);
            running.add(points);
            summary.append(", ").append(line.name()).append(' ').append(sum);
        }
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"chart-title\">")
                .append("<title id=\"chart-title\">")
                .append(escape(title + " (" + total + summary + ")"))
                .append("</title>");
        // axes and the total
        svg.append(line(LEFT, TOP, LEFT, TOP + plotHeight, "axis"));
        svg.append(line(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight, "axis"));
        double totalY = TOP + plotHeight - plotHeight * total / max;
        svg.append(line(LEFT, totalY, LEFT + plotWidth, totalY, "total"));
        svg.append(text(LEFT - 6, totalY + 4, "end", Long.toString(total)));
        svg.append(text(LEFT - 6, TOP + plotHeight + 4, "end", "0"));
        if (first == Long.MAX_VALUE) {
            return svg.append("</svg>").toString();
        }
        double span = Math.max(last - first, 1);
        for (int i = 0; i < series.size(); i++) {
            if (running.get(i).isEmpty()) {
                continue;
            }
            StringBuilder points = new StringBuilder();
            points.append(fmt(LEFT)).append(',').append(fmt(TOP + plotHeight));
            for (long[] point : running.get(i)) {
                double x = last == first ? LEFT + plotWidth : LEFT + plotWidth * (point[0] - first) / span;
                double y = TOP + plotHeight - plotHeight * point[1] / max;
                points.append(' ').append(fmt(x)).append(',').append(fmt(y));
            }
            svg.append("<polyline class=\"series ")
                    .append(series.get(i).cssClass())
                    .append("\" fill=\"none\" points=\"")
                    .append(points)
                    .append("\"/>");
        }
        svg.append(text(LEFT, HEIGHT - 12, "start", hour.format(Instant.ofEpochSecond(first))));
        if (last > first) {
            svg.append(text(LEFT + plotWidth, HEIGHT - 12, "end", hour.format(Instant.ofEpochSecond(last))));
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
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
