package io.ghostwatch.core.render;

import io.ghostwatch.core.audit.AuditReport;
import io.ghostwatch.core.audit.NodeReport;
import io.ghostwatch.core.audit.TargetReport;
import io.ghostwatch.core.history.SampleStore;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.policy.PolicyKey;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.trend.ConnectionPoint;
import io.ghostwatch.core.trend.LeakDetector;
import io.ghostwatch.core.trend.TrendAnalysis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** One trend chart per audited server of a report, drawn from the stored history (this audit's sample included). */
public final class TrendCharts {
    private final Policy policy;
    private final SampleStore history;
    private final LeakDetector detector = new LeakDetector();
    private final TrendChartRenderer renderer = new TrendChartRenderer();

    public TrendCharts(Policy policy, SampleStore history) {
        this.policy = policy;
        this.history = history;
    }

    /** A chart of one server: title, PNG bytes, and whether the detector calls it leaking. */
    public record Chart(String target, String node, boolean leaking, byte[] png) {
        /** A file name safe on every file system: {@code <target>--<host>_<port>.png}. */
        public String fileName() {
            return (target + "--" + node).replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
        }
    }

    public List<Chart> charts(AuditReport report) {
        List<Chart> charts = new ArrayList<>();
        for (TargetReport t : report.targets()) {
            for (NodeReport n : t.nodes()) {
                if (n.snapshot() == null) {
                    continue;
                }
                String node = n.node().toString();
                List<ConnectionPoint> points = history.history(t.name(), node,
                                n.snapshot().collectedAt().minus(Duration.ofDays(policy.get(PolicyKey.HISTORY_DAYS))))
                        .stream().map(s -> new ConnectionPoint(s.time(), s.connectedClients())).toList();
                if (points.isEmpty()) {
                    continue;
                }
                Readout<Long> max = n.snapshot().maxclients();
                OptionalLong maxclients = max.isKnown() ? OptionalLong.of(max.orElse(0L)) : OptionalLong.empty();
                TrendAnalysis analysis = detector.analyse(points, maxclients);
                try {
                    charts.add(new Chart(t.name(), node, analysis.result().leaking(),
                            renderer.png(points, analysis, maxclients, t.name() + " (" + node + ")")));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot draw the chart of " + node + ": " + e.getMessage(), e);
                }
            }
        }
        return charts;
    }

    /** Writes the charts into {@code dir} (created if needed); returns the files written. */
    public static List<Path> write(List<Chart> charts, Path dir) {
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            for (Chart c : charts) {
                Path file = dir.resolve(c.fileName());
                Files.write(file, c.png());
                written.add(file);
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write charts to " + dir + ": " + e.getMessage(), e);
        }
    }
}
