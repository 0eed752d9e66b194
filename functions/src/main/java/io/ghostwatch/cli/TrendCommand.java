package io.ghostwatch.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.render.TrendChartRenderer;
import io.ghostwatch.core.trend.ConnectionCsv;
import io.ghostwatch.core.trend.ConnectionPoint;
import io.ghostwatch.core.trend.LeakDetector;
import io.ghostwatch.core.trend.TrendAnalysis;
import io.ghostwatch.core.trend.TrendResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "trend", description = "Judge a connection-count series from CSV: leaking or not, slope, when maxclients is reached.",
        footerHeading = "%nExit codes:%n", footer = {
                "  0  judged (leaking or not)",
                "  2  bad input (the message names the file, line, column and value)"})
final class TrendCommand implements Callable<Integer> {

    enum Format { text, json }

    @Option(names = "--csv", paramLabel = "FILE", required = true,
            description = "header + columns timestamp (ISO-8601 or epoch seconds) and connected_clients")
    Path csv;

    @Option(names = "--maxclients", paramLabel = "N", description = "the server's maxclients, for the exhaustion forecast")
    Long maxclients;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--chart", paramLabel = "PNG", description = "also write a chart: the series, the fitted trend, maxclients")
    Path chart;

    private final Cli cli;

    TrendCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() throws IOException {
        if (maxclients != null && maxclients < 1) {
            throw new ConfigException("--maxclients " + maxclients + ": must be at least 1");
        }
        List<ConnectionPoint> points = ConnectionCsv.read(csv);
        OptionalLong max = maxclients == null ? OptionalLong.empty() : OptionalLong.of(maxclients);
        TrendAnalysis analysis = new LeakDetector().analyse(points, max);
        TrendResult r = analysis.result();
        if (chart != null) {
            Files.write(chart, new TrendChartRenderer().render("connected_clients: " + csv.getFileName(), points, analysis, max));
        }
        cli.out().print(switch (format) {
            case json -> json(r, points.size());
            case text -> text(r, points);
        });
        cli.out().flush();
        return 0;
    }

    static String json(TrendResult r, int points) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode n = mapper.createObjectNode();
        n.put("leaking", r.leaking());
        if (r.slopePerDay() == null) {
            n.putNull("slopePerDay");
        } else {
            n.put("slopePerDay", Math.round(r.slopePerDay() * 10) / 10.0);
        }
        n.put("confidence", Math.round(r.confidence() * 1000) / 1000.0);
        n.put("startedAt", r.startedAt() == null ? null : r.startedAt().toString());
        n.put("exhaustsAt", r.exhaustsAt() == null ? null : r.exhaustsAt().toString());
        n.put("reason", r.reason());
        n.put("points", points);
        return mapper.writeValueAsString(n) + "\n";
    }

    private static String text(TrendResult r, List<ConnectionPoint> points) {
        StringBuilder out = new StringBuilder();
        out.append(r.leaking() ? "LEAKING" : "not leaking").append(": ").append(r.reason()).append('\n');
        if (r.slopePerDay() != null) {
            out.append(String.format(Locale.ROOT, "slope %+.1f connections/day, confidence %.2f", r.slopePerDay(),
                    r.confidence()));
            if (r.startedAt() != null) {
                out.append(", rising since ").append(r.startedAt());
            }
            out.append('\n');
        }
        if (r.exhaustsAt() != null) {
            out.append("maxclients reached around ").append(r.exhaustsAt()).append(" (")
                    .append(Math.max(0, Duration.between(points.getLast().time(), r.exhaustsAt()).toDays()))
                    .append(" days after the last sample)\n");
        }
        return out.toString();
    }
}
