package io.ghostwatch.core.render;

import io.ghostwatch.core.trend.ConnectionPoint;
import io.ghostwatch.core.trend.TrendAnalysis;
import io.ghostwatch.core.trend.TrendLine;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.OptionalLong;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * A PNG of one server's connected_clients over time, with the fitted rise (from where the leak started) and
 * the maxclients line: what the Slack digest attaches and {@code --chart} / {@code --charts} write. Rendered
 * off-screen with JFreeChart; no display needed.
 */
public final class TrendChartRenderer {

    static {
        // Charts are drawn into memory: never ask for a display, even where one exists.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public static final int WIDTH = 900;
    public static final int HEIGHT = 450;

    /**
     * @param title shown above the chart; text from servers or config is fine (drawn as plain text)
     */
    public byte[] render(String title, List<ConnectionPoint> points, TrendAnalysis analysis, OptionalLong maxclients) {
        TimeSeries clients = new TimeSeries("connected_clients");
        for (ConnectionPoint p : points) {
            clients.addOrUpdate(new FixedMillisecond(Date.from(p.time())), p.connectedClients());
        }
        TimeSeriesCollection data = new TimeSeriesCollection(clients);
        boolean leaking = analysis.result().leaking();
        if (leaking && analysis.line().isPresent() && !points.isEmpty()) {
            TrendLine line = analysis.line().get();
            Instant end = points.getLast().time();
            Instant start = line.from();
            TimeSeries fit = new TimeSeries(String.format(java.util.Locale.ROOT, "trend %+.0f/day", line.slopePerDay()));
            fit.addOrUpdate(new FixedMillisecond(Date.from(start)), line.valueAt(start));
            fit.addOrUpdate(new FixedMillisecond(Date.from(end)), line.valueAt(end));
            Instant exhausts = analysis.result().exhaustsAt();
            if (exhausts != null && exhausts.isAfter(end)) {
                fit.addOrUpdate(new FixedMillisecond(Date.from(exhausts)), line.valueAt(exhausts));
            }
            data.addSeries(fit);
        }
        JFreeChart chart = ChartFactory.createTimeSeriesChart(title, "time (UTC)", "connections", data, true, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        plot.setRangeGridlinePaint(new Color(0xDD, 0xDD, 0xDD));
        ((DateAxis) plot.getDomainAxis()).setTimeZone(java.util.TimeZone.getTimeZone("UTC"));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(0x1F, 0x77, 0xB4));
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        renderer.setSeriesPaint(1, new Color(0xD6, 0x27, 0x28));
        renderer.setSeriesStroke(1, new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {8f, 6f}, 0f));
        plot.setRenderer(renderer);
        if (maxclients.isPresent()) {
            ValueMarker limit = new ValueMarker(maxclients.getAsLong(), new Color(0x44, 0x44, 0x44), new BasicStroke(1.5f));
            limit.setLabel("maxclients " + maxclients.getAsLong());
            limit.setLabelPaint(new Color(0x44, 0x44, 0x44));
            limit.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            limit.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(limit);
            plot.getRangeAxis().setUpperBound(Math.max(plot.getRangeAxis().getUpperBound(), maxclients.getAsLong() * 1.05));
        }
        BufferedImage image = chart.createBufferedImage(WIDTH, HEIGHT);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the chart as PNG", e);
        }
        return png.toByteArray();
    }
}
