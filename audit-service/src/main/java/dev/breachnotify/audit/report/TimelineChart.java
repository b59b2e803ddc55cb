package dev.breachnotify.audit.report;

import java.io.IOException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDPageContentStream;

/**
 * The chart of acknowledgements and credential rotations over time, drawn as PDF vector graphics: one cumulative
 * line per series with one point per day (UTC), the y axis in practices up to at least the number targeted, a
 * dashed line at the number targeted and one at the deadline, axis labels and a legend.
 */
final class TimelineChart {

    /** Height the chart takes on the page, legend included (for a legend of up to two rows). */
    static final float HEIGHT = 250f;

    private static final float PLOT_HEIGHT = 170f;
    private static final float[][] COLOURS = {
        {0.10f, 0.25f, 0.55f}, {0.90f, 0.45f, 0.05f}, {0.15f, 0.60f, 0.20f}, {0.60f, 0.35f, 0.75f},
        {0.55f, 0.35f, 0.25f}, {0.85f, 0.35f, 0.60f}, {0.45f, 0.45f, 0.45f}, {0.65f, 0.65f, 0.10f},
        {0.10f, 0.65f, 0.75f}
    };

    private TimelineChart() {}

    /**
     * Draws the chart below the layout's cursor and moves the cursor past it.
     *
     * @param from     the first day (the day of publication)
     * @param to       the last day, after {@code from}
     * @param deadline the advisory's deadline, drawn if it lies in the range
     * @param targeted the number of practices targeted, drawn as a reference line
     */
    static void draw(
            PdfLayout layout,
            List<EvidenceReport.Series> series,
            LocalDate from,
            LocalDate to,
            LocalDate deadline,
            long targeted)
            throws IOException {
        layout.ensure(HEIGHT);
        PDPageContentStream content = layout.content();
        float x0 = PdfLayout.LEFT + 45f;
        float x1 = PdfLayout.RIGHT - 10f;
        float top = layout.y() - 22f;
        float bottom = top - PLOT_HEIGHT;
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;

        long max = Math.max(1, targeted);
        for (EvidenceReport.Series line : series) {
            max = Math.max(max, line.total());
        }
        long step = niceStep(max / 5.0);
        long yMax = step * (long) Math.ceil((double) max / step);

        // y axis: grid, ticks and labels
        layout.text(PdfLayout.LEFT, top + 10f, 7.5f, ReportTexts.text("timeline.axisPractices"));
        content.setLineWidth(0.3f);
        for (long value = 0; value <= yMax; value += step) {
            float y = bottom + PLOT_HEIGHT * value / yMax;
            content.setStrokingColor(0.85f, 0.85f, 0.85f);
            content.moveTo(x0, y);
            content.lineTo(x1, y);
            content.stroke();
            String label = Long.toString(value);
            layout.text(x0 - 4f - layout.width(label, 7f), y - 2.5f, 7f, label);
        }
        // x axis: ticks and date labels (at most about seven, so that they never overlap)
        int labelEvery = Math.max(1, (int) Math.ceil(days / 7.0));
        content.setStrokingColor(0f, 0f, 0f);
        for (int day = 0; day < days; day++) {
            float x = x(day, days, x0, x1);
            content.moveTo(x, bottom);
            content.lineTo(x, bottom - (day % labelEvery == 0 ? 3f : 1.5f));
            content.stroke();
            if (day % labelEvery == 0) {
                String label = from.plusDays(day).toString();
                layout.text(x - layout.width(label, 6.5f) / 2, bottom - 11f, 6.5f, label);
            }
        }
        String axis = ReportTexts.text("timeline.axisDay");
        layout.text((x0 + x1) / 2 - layout.width(axis, 7.5f) / 2, bottom - 22f, 7.5f, axis);
        content.setLineWidth(0.8f);
        content.moveTo(x0, top);
        content.lineTo(x0, bottom);
        content.lineTo(x1, bottom);
        content.stroke();

        // reference lines: targeted, deadline
        content.setLineDashPattern(new float[] {3f, 2f}, 0);
        content.setLineWidth(0.6f);
        if (targeted > 0) {
            float y = bottom + PLOT_HEIGHT * targeted / yMax;
            content.setStrokingColor(0.4f, 0.4f, 0.4f);
            content.moveTo(x0, y);
            content.lineTo(x1, y);
            content.stroke();
            layout.text(x0 + 3f, y + 2f, 6.5f, ReportTexts.format("timeline.targeted", targeted));
        }
        if (deadline != null && !deadline.isBefore(from) && !deadline.isAfter(to)) {
            float x = x((int) ChronoUnit.DAYS.between(from, deadline), days, x0, x1);
            content.setStrokingColor(0.8f, 0.1f, 0.1f);
            content.moveTo(x, bottom);
            content.lineTo(x, top);
            content.stroke();
            String label = ReportTexts.format("timeline.deadline", deadline);
            layout.text(Math.min(x + 2f, x1 - layout.width(label, 6.5f)), top + 2f, 6.5f, label);
        }
        content.setLineDashPattern(new float[0], 0);

        // the series
        for (int i = 0; i < series.size(); i++) {
            float[] colour = COLOURS[i % COLOURS.length];
            content.setStrokingColor(colour[0], colour[1], colour[2]);
            content.setLineWidth(i == 0 ? 2f : 1.3f);
            List<Long> values = series.get(i).cumulative(from, to);
            for (int day = 0; day < values.size(); day++) {
                float x = x(day, days, x0, x1);
                float y = bottom + PLOT_HEIGHT * values.get(day) / yMax;
                if (day == 0) {
                    content.moveTo(x, y);
                } else {
                    content.lineTo(x, y);
                }
            }
            content.stroke();
        }
        content.setStrokingColor(0f, 0f, 0f);

        // legend, below the axis labels, wrapping to further rows
        float legendY = bottom - 36f;
        float x = x0;
        for (int i = 0; i < series.size(); i++) {
            EvidenceReport.Series line = series.get(i);
            String label = layout.fit(line.label() + " (" + line.total() + ")", 7.5f, 220f);
            float width = 18f + layout.width(label, 7.5f) + 14f;
            if (x + width > x1 && x > x0) {
                x = x0;
                legendY -= 11f;
            }
            float[] colour = COLOURS[i % COLOURS.length];
            content.setNonStrokingColor(colour[0], colour[1], colour[2]);
            content.addRect(x, legendY, 12f, 3f);
            content.fill();
            content.setNonStrokingColor(0f, 0f, 0f);
            layout.text(x + 16f, legendY - 1f, 7.5f, label);
            x += width;
        }
        layout.moveDown(layout.y() - legendY + 10f);
    }

    private static float x(int day, int days, float x0, float x1) {
        return days <= 1 ? x0 : x0 + (x1 - x0) * day / (days - 1);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static long niceStep(double raw) {
        long power = 1;
        while (true) {
            for (long factor : new long[] {1, 2, 5}) {
                if (factor * power >= raw) {
                    return factor * power;
                }
            }
            power *= 10;
        }
    }
}
