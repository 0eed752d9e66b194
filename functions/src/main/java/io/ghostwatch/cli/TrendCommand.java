package io.ghostwatch.cli;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.render.TrendChartRenderer;
import io.ghostwatch.core.render.TrendReportRenderer;
import io.ghostwatch.core.trend.ConnectionPoint;
import io.ghostwatch.core.trend.LeakDetector;
import io.ghostwatch.core.trend.TrendAnalysis;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "trend", description = "Tell from a series of connected_clients samples whether connections are leaking,"
        + " how fast, since when, and when maxclients will be reached.",
        footerHeading = "%nCSV:%n", footer = {
                "  A header, then one sample per line. Columns: timestamp (ISO-8601 with a zone, e.g.",
                "  2024-12-25T10:00:00Z, or epoch seconds) and connected_clients (a whole number); other",
                "  columns are ignored, in any order. At least a day of roughly hourly samples is needed.",
                "",
                "Exit codes:",
                "  0  analysed (leaking or not: see the output)",
                "  2  bad usage or input (the message names the file, line, column and value)"})
final class TrendCommand implements Callable<Integer> {

    enum Format { text, json }

    @Option(names = "--csv", required = true, paramLabel = "FILE", description = "the samples (see CSV below)")
    Path csv;

    @Option(names = "--maxclients", paramLabel = "N",
            description = "the server's maxclients, to project when it is reached (default: unknown)")
    Long maxclients;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--chart", paramLabel = "PNG", description = "also draw the series, the fitted rise and maxclients"
            + " into this PNG file")
    Path chart;

    private final Cli cli;

    TrendCommand(Cli cli) {
        this.cli = cli;
    }

    @Override
    public Integer call() {
        if (maxclients != null && maxclients <= 0) {
            throw new ConfigException("--maxclients: '" + maxclients + "' is not a positive whole number");
        }
        OptionalLong limit = maxclients == null ? OptionalLong.empty() : OptionalLong.of(maxclients);
        List<ConnectionPoint> points = ConnectionCsv.read(csv);
        TrendAnalysis analysis = new LeakDetector().analyse(points, limit);
        TrendReportRenderer report = new TrendReportRenderer();
        cli.out().print(switch (format) {
            case text -> report.text(analysis.result(), points.size(), csv.toString());
            case json -> report.json(analysis.result(), points.size());
        });
        if (chart != null) {
            writeChart(points, analysis, limit);
        }
        cli.out().flush();
        return 0;
    }

    private void writeChart(List<ConnectionPoint> points, TrendAnalysis analysis, OptionalLong limit) {
        try {
            new TrendChartRenderer().writePng(points, analysis, limit, csv.getFileName().toString(), chart);
        } catch (IOException e) {
            throw new ConfigException("--chart: cannot write " + chart + ": " + e, e);
        }
        // JSON stays pure on stdout; the note goes where people look
        (format == Format.json ? cli.err() : cli.out()).println("Chart written to " + chart);
    }
}
