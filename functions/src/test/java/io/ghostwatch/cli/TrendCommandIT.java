package io.ghostwatch.cli;

import static io.ghostwatch.cli.GhostwatchCliIT.ghostwatch;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghostwatch.cli.GhostwatchCliIT.Run;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ghostwatch trend} run from the shaded jar on CSV files the test writes. */
class TrendCommandIT {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");

    @TempDir
    Path tmp;

    /** The incidents: ~40 live clients with a small daily swing, ~300 ghosts, +72 a day; hourly cron, epoch seconds. */
    Path leakingCsv() throws Exception {
        Random rnd = new Random(1);
        List<String> lines = new ArrayList<>(List.of("host,connected_clients,timestamp,note"));
        for (int h = 0; h < 48; h++) {
            long clients = Math.round(340 + 3 * h + 6 * Math.cos(2 * Math.PI * (h % 24 - 15) / 24) + 2 * rnd.nextGaussian());
            long time = T0.plus(Duration.ofHours(h)).getEpochSecond() + rnd.nextInt(120) - 60;
            lines.add("lab-1," + clients + "," + time + ",\"cron, hourly\"");
        }
        return write("leaking.csv", lines);
    }

    /** A busy day-night cycle (±150 on 500) for five days and no trend; ISO times. */
    Path diurnalCsv() throws Exception {
        Random rnd = new Random(2);
        List<String> lines = new ArrayList<>(List.of("timestamp,connected_clients"));
        for (int h = 0; h < 5 * 24; h++) {
            long clients = Math.round(500 + 150 * Math.cos(2 * Math.PI * (h % 24 - 15) / 24) + 5 * rnd.nextGaussian());
            lines.add(T0.plus(Duration.ofHours(h)) + "," + clients);
        }
        return write("diurnal.csv", lines);
    }

    Path write(String name, List<String> lines) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, lines);
        return f;
    }

    @Test
    void aLeakIsReportedWithItsRateAndWhenMaxclientsIsReached() throws Exception {
        Path csv = leakingCsv();
        Run text = ghostwatch("trend", "--csv", csv.toString(), "--maxclients", "1000");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("LEAKING: connected_clients has risen about 7")
                .contains("at this rate it reaches maxclients around 2026-03-1").contains("48 samples from " + csv);

        Run json = ghostwatch("trend", "--csv", csv.toString(), "--maxclients", "1000", "--format", "json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertThat(n.get("leaking").asBoolean()).isTrue();
        assertThat(n.get("slopePerDay").asDouble()).isBetween(62.0, 82.0);
        assertThat(n.get("confidence").asDouble()).isGreaterThan(0.99);
        assertThat(Instant.parse(n.get("startedAt").asText())).isBetween(T0.minusSeconds(3600), T0.plusSeconds(3600));
        // from ~480 at hour 47, (1000 - 480) / 72 is about 7.2 days later
        Instant exhausts = Instant.parse(n.get("exhaustsAt").asText());
        assertThat(exhausts).isBetween(T0.plus(Duration.ofDays(8)), T0.plus(Duration.ofDays(10)));
        assertThat(n.get("points").asInt()).isEqualTo(48);
        assertThat(n.get("reason").asText()).startsWith("Rising about");
    }

    @Test
    void withoutMaxclientsThereIsNoExhaustionDate() throws Exception {
        Run json = ghostwatch("trend", "--csv", leakingCsv().toString(), "--format", "json");
        JsonNode n = new ObjectMapper().readTree(json.out());
        assertThat(n.get("leaking").asBoolean()).isTrue();
        assertThat(n.get("exhaustsAt").isNull()).isTrue();
    }

    @Test
    void aDailyCycleIsNotALeak() throws Exception {
        Path csv = diurnalCsv();
        Run text = ghostwatch("trend", "--csv", csv.toString(), "--maxclients", "10000");
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).startsWith("Not leaking (").contains("120 samples");
        JsonNode n = new ObjectMapper().readTree(ghostwatch("trend", "--csv", csv.toString(), "--format", "json").out());
        assertThat(n.get("leaking").asBoolean()).isFalse();
        assertThat(n.get("startedAt").isNull()).isTrue();
        assertThat(n.get("exhaustsAt").isNull()).isTrue();
        assertThat(Math.abs(n.get("slopePerDay").asDouble())).isLessThan(5);
    }

    @Test
    void aChartIsWrittenAsAPngAndJsonStaysPure() throws Exception {
        Path png = tmp.resolve("out.png");
        Run run = ghostwatch("trend", "--csv", leakingCsv().toString(), "--maxclients", "1000", "--format", "json",
                "--chart", png.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(new ObjectMapper().readTree(run.out()).get("leaking").asBoolean()).isTrue();
        assertThat(run.err()).contains("Chart written to " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1000);
        assertThat(image.getHeight()).isEqualTo(560);
    }

    @Test
    void aMalformedCsvNamesFileLineColumnAndValue() throws Exception {
        Path bad = write("bad.csv", List.of("timestamp,connected_clients", "2026-03-02T00:00:00Z,300",
                "2026-03-02T01:00:00Z,lots"));
        Run run = ghostwatch("trend", "--csv", bad.toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("ghostwatch trend: " + bad + ":3: column 2 (connected_clients): 'lots' is not a"
                + " whole number >= 0");

        Path noColumn = write("nocol.csv", List.of("time,clients", "1,2"));
        Run missing = ghostwatch("trend", "--csv", noColumn.toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains(noColumn + ":1: no 'timestamp' column in the header (columns: time, clients)");
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        Run zero = ghostwatch("trend", "--csv", diurnalCsv().toString(), "--maxclients", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--maxclients: '0' is not a positive whole number");
        Run absent = ghostwatch("trend", "--csv", tmp.resolve("absent.csv").toString());
        assertThat(absent.exit()).isEqualTo(2);
        assertThat(absent.err()).contains("absent.csv: no such file");
        Run noCsv = ghostwatch("trend");
        assertThat(noCsv.exit()).isEqualTo(2);
        assertThat(noCsv.err()).contains("Missing required option: '--csv=FILE'");
    }
}
