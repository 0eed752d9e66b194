package io.ghostwatch.core.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.trend.ConnectionPoint;
import io.ghostwatch.core.trend.LeakDetector;
import io.ghostwatch.core.trend.TrendAnalysis;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.IntToLongFunction;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendChartRendererTest {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    @TempDir
    Path tmp;

    static List<ConnectionPoint> hourly(int hours, IntToLongFunction value) {
        List<ConnectionPoint> points = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            points.add(new ConnectionPoint(T0.plus(Duration.ofHours(h)), value.applyAsLong(h)));
        }
        return points;
    }

    static List<ConnectionPoint> leaking() {
        return hourly(72, h -> 300 + 3L * h + (h % 5 == 0 ? 4 : 0) + Math.round(8 * Math.sin(h / 3.8)));
    }

    /** Pixels clearly red (the fitted rise) in the image. */
    static long redPixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (r > 180 && g < 80 && b < 80) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void writesAPngWithTheFittedRiseAndMaxclients() throws Exception {
        List<ConnectionPoint> points = leaking();
        TrendAnalysis analysis = new LeakDetector().analyse(points, OptionalLong.of(1000));
        assertThat(analysis.result().leaking()).isTrue();
        Path png = tmp.resolve("trend.png");
        new TrendChartRenderer().writePng(points, analysis, OptionalLong.of(1000), "lab-1", png);

        assertThat(Files.size(png)).isBetween(5_000L, 2_000_000L);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(TrendChartRenderer.WIDTH);
        assertThat(image.getHeight()).isEqualTo(TrendChartRenderer.HEIGHT);
        assertThat(redPixels(image)).as("the fitted rise is drawn in red").isGreaterThan(200);
    }

    @Test
    void aSeriesThatIsNotLeakingHasNoTrendLine() throws Exception {
        List<ConnectionPoint> points = hourly(72, h -> 300 + (h % 3));
        TrendAnalysis analysis = new LeakDetector().analyse(points, OptionalLong.of(1000));
        assertThat(analysis.result().leaking()).isFalse();
        Path png = tmp.resolve("flat.png");
        new TrendChartRenderer().writePng(points, analysis, OptionalLong.of(1000), "lab-2", png);
        assertThat(redPixels(ImageIO.read(png.toFile()))).isZero();
    }

    @Test
    void theChartHasLabelledAxesTheLimitAndAProjectionThatStopsAtMaxclients() {
        List<ConnectionPoint> points = leaking();
        TrendAnalysis analysis = new LeakDetector().analyse(points, OptionalLong.of(600));
        JFreeChart chart = new TrendChartRenderer().chart(points, analysis, OptionalLong.of(600), "lab-1");
        XYPlot plot = chart.getXYPlot();
        assertThat(chart.getTitle().getText()).isEqualTo("connected_clients of lab-1");
        assertThat(((TextTitle) chart.getSubtitle(1)).getText()).startsWith("LEAKING: +7").contains("72 samples");
        assertThat(plot.getDomainAxis().getLabel()).isEqualTo("time (UTC)");
        assertThat(plot.getRangeAxis().getLabel()).isEqualTo("connected clients");
        assertThat(plot.getDataset().getSeriesCount()).isEqualTo(3);
        ValueMarker limit = (ValueMarker) plot.getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND).iterator().next();
        assertThat(limit.getValue()).isEqualTo(600);
        assertThat(limit.getLabel()).isEqualTo("maxclients 600");
        assertThat(plot.getRangeAxis().getUpperBound()).isGreaterThan(600);
        // (600 - ~513) / 72 a day is ~1.2 days, inside the half-span horizon: the projection ends at maxclients
        int projection = 2;
        double endX = plot.getDataset().getXValue(projection, 1);
        double endY = plot.getDataset().getYValue(projection, 1);
        assertThat(Instant.ofEpochMilli((long) endX)).isEqualTo(analysis.result().exhaustsAt());
        assertThat(endY).isBetween(595.0, 605.0);
    }

    @Test
    void withoutMaxclientsThereIsNoLimitLine() {
        List<ConnectionPoint> points = leaking();
        TrendAnalysis analysis = new LeakDetector().analyse(points, OptionalLong.empty());
        JFreeChart chart = new TrendChartRenderer().chart(points, analysis, OptionalLong.empty(), "x");
        assertThat(chart.getXYPlot().getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).isNull();
        assertThat(((TextTitle) chart.getSubtitle(1)).getText()).contains("maxclients unknown");
    }
}
