package io.ghostwatch.core.render;

import io.ghostwatch.core.trend.ConnectionPoint;
import io.ghostwatch.core.trend.TrendAnalysis;
import io.ghostwatch.core.trend.TrendLine;
import io.ghostwatch.core.trend.TrendResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.SimpleDateFormat;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.TimeZone;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A PNG chart of {@code connected_clients} over time: the samples, the fitted rise from {@code startedAt} (when
 * leaking) with its projection dashed towards maxclients, and maxclients as a horizontal line. Drawn off-screen
 * with JFreeChart into an image, so it needs no display; the AWT headless mode is switched on before any AWT
 * class loads unless the JVM was started with an explicit {@code java.awt.headless}.
 */
public final class TrendChartRenderer {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public static final int WIDTH = 1000;
    public static final int HEIGHT = 560;
    /** The projection is drawn at most this share of the data's time span past the last sample. */
    static final double PROJECTION_SHARE = 0.5;

    private static final Color SAMPLES = new Color(0x1f, 0x77, 0xb4);
    private static final Color TREND = new Color(0xd6, 0x27, 0x28);
    private static final Color LIMIT = new Color(0x7f, 0x7f, 0x7f);

    /**
     * Writes the chart to {@code out}.
     *
     * @param name what the series is (a server, a file name): goes in the title
     */
    public void writePng(List<ConnectionPoint> points, TrendAnalysis analysis, OptionalLong maxclients, String name,
                         Path out) throws IOException {
        try (OutputStream stream = Files.newOutputStream(out)) {
            ChartUtils.writeChartAsPNG(stream, chart(points, analysis, maxclients, name), WIDTH, HEIGHT);
        }
    }

    /** The chart as PNG bytes, for the Slack digest's thread. */
    public byte[] png(List<ConnectionPoint> points, TrendAnalysis analysis, OptionalLong maxclients, String name)
            throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart(points, analysis, maxclients, name), WIDTH, HEIGHT);
        return out.toByteArray();
    }

    JFreeChart chart(List<ConnectionPoint> points, TrendAnalysis analysis, OptionalLong maxclients, String name) {
        List<ConnectionPoint> sorted = points.stream().sorted(Comparator.comparing(ConnectionPoint::time)).toList();
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries samples = new XYSeries("connected_clients", true, true);
        sorted.forEach(p -> samples.add(p.time().toEpochMilli(), p.connectedClients()));
        data.addSeries(samples);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, SAMPLES);
        renderer.setSeriesStroke(0, new BasicStroke(1.2f));
        double top = sorted.stream().mapToLong(ConnectionPoint::connectedClients).max().orElse(0);
        if (analysis.line().isPresent() && !sorted.isEmpty()) {
            top = Math.max(top, addTrend(data, renderer, analysis.line().get(), analysis.result(), sorted));
        }
        DateAxis time = new DateAxis("time (UTC)");
        time.setTimeZone(TimeZone.getTimeZone("UTC"));
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM-dd HH:mm", Locale.ROOT);
        format.setTimeZone(TimeZone.getTimeZone("UTC"));
        time.setDateFormatOverride(format);
        NumberAxis clients = new NumberAxis("connected clients");
        XYPlot plot = new XYPlot(data, time, clients, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
        if (maxclients.isPresent()) {
            plot.addRangeMarker(limit(maxclients.getAsLong()));
            top = Math.max(top, maxclients.getAsLong());
        }
        clients.setRange(0, Math.max(1, top * 1.08));
        JFreeChart chart = new JFreeChart("connected_clients of " + name, new Font(Font.SANS_SERIF, Font.BOLD, 16), plot,
                true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(new TextTitle(verdict(analysis.result(), sorted.size()),
                new Font(Font.SANS_SERIF, Font.PLAIN, 12)));
        return chart;
    }

    /** The fitted rise over the data and its projection; returns the highest value drawn. */
    private static double addTrend(XYSeriesCollection data, XYLineAndShapeRenderer renderer, TrendLine line,
                                   TrendResult result, List<ConnectionPoint> sorted) {
        Instant first = sorted.getFirst().time();
        Instant last = sorted.getLast().time();
        Instant from = line.from().isBefore(first) ? first : line.from();
        XYSeries fitted = new XYSeries("fitted rise (" + signed(line.slopePerDay()) + "/day)");
        fitted.add(from.toEpochMilli(), line.valueAt(from));
        fitted.add(last.toEpochMilli(), line.valueAt(last));
        data.addSeries(fitted);
        renderer.setSeriesPaint(1, TREND);
        renderer.setSeriesStroke(1, new BasicStroke(2.5f));
        double top = line.valueAt(last);
        Instant horizon = last.plus(Duration.ofMillis((long) (Duration.between(first, last).toMillis() * PROJECTION_SHARE)));
        Instant until = result.exhaustsAt() != null && result.exhaustsAt().isBefore(horizon) ? result.exhaustsAt() : horizon;
        if (until.isAfter(last)) {
            XYSeries projection = new XYSeries("projection");
            projection.add(last.toEpochMilli(), line.valueAt(last));
            projection.add(until.toEpochMilli(), line.valueAt(until));
            data.addSeries(projection);
            renderer.setSeriesPaint(2, TREND);
            renderer.setSeriesStroke(2, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                    new float[] {6, 6}, 0));
            top = Math.max(top, line.valueAt(until));
        }
        return top;
    }

    private static ValueMarker limit(long maxclients) {
        ValueMarker marker = new ValueMarker(maxclients, LIMIT, new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 10, new float[] {2, 4}, 0));
        marker.setLabel("maxclients " + maxclients);
        marker.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
        return marker;
    }

    static String verdict(TrendResult r, int samples) {
        if (r.leaking()) {
            String exhausts = r.exhaustsAt() == null ? "maxclients unknown"
                    : "maxclients around " + TrendReportRenderer.minutes(r.exhaustsAt());
            return String.format(Locale.ROOT, "LEAKING: %s/day since %s, %s (confidence %.2f, %d samples)",
                    signed(r.slopePerDay()), TrendReportRenderer.minutes(r.startedAt()), exhausts, r.confidence(), samples);
        }
        if (r.slopePerDay() == null) {
            return "Cannot tell yet (" + samples + " samples)";
        }
        return String.format(Locale.ROOT, "Not leaking (%s/day, confidence %.2f, %d samples)", signed(r.slopePerDay()),
                r.confidence(), samples);
    }

    private static String signed(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%+.0f" : "%+.1f", v);
    }
}
