package io.ghostwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.config.ConfigException;
import io.ghostwatch.core.trend.ConnectionPoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionCsvTest {

    @TempDir
    Path tmp;

    Path csv(String content) throws Exception {
        Path f = tmp.resolve("samples.csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    void assertError(String content, String message) throws Exception {
        Path f = csv(content);
        assertThatThrownBy(() -> ConnectionCsv.read(f)).isInstanceOf(ConfigException.class)
                .hasMessage(message.replace("FILE", f.toString()));
    }

    @Test
    void readsIsoTimesWithZoneOrOffsetAndEpochSecondsInAnyColumnOrder() throws Exception {
        List<ConnectionPoint> points = ConnectionCsv.read(csv("""
                \uFEFFhost,Connected_Clients,"note",TIMESTAMP
                lab-1,300,"up, fine",2024-12-25T10:00:00Z
                lab-1,301,"he said \"\"hi\"\"",2024-12-25T19:00:00+08:00

                lab-1, 305 ,x,1735124400
                lab-1,306,x,1735128000.5
                """));
        assertThat(points).containsExactly(
                new ConnectionPoint(Instant.parse("2024-12-25T10:00:00Z"), 300),
                new ConnectionPoint(Instant.parse("2024-12-25T11:00:00Z"), 301),
                new ConnectionPoint(Instant.parse("2024-12-25T11:00:00Z"), 305),
                new ConnectionPoint(Instant.parse("2024-12-25T12:00:00.500Z"), 306));
    }

    @Test
    void aHeaderWithoutRowsIsAnEmptySeries() throws Exception {
        assertThat(ConnectionCsv.read(csv("timestamp,connected_clients\n"))).isEmpty();
    }

    @Test
    void errorsNameFileLineColumnAndValue() throws Exception {
        assertError("timestamp,connected_clients\n2024-12-25T10:00:00Z,300\n2024-12-25T11:00:00Z,lots\n",
                "FILE:3: column 2 (connected_clients): 'lots' is not a whole number >= 0");
        assertError("timestamp,connected_clients\n2024-12-25T10:00:00Z,-4\n",
                "FILE:2: column 2 (connected_clients): '-4' is not a whole number >= 0");
        assertError("connected_clients,timestamp\n3,2024-13-25T10:00:00Z\n",
                "FILE:2: column 2 (timestamp): '2024-13-25T10:00:00Z' is not an ISO-8601 time (like"
                        + " 2024-12-25T10:00:00Z) or epoch seconds");
        assertError("timestamp,connected_clients\n2024-12-25T10:00:00,3\n",
                "FILE:2: column 1 (timestamp): '2024-12-25T10:00:00' has no time zone; add Z (UTC) or an offset like"
                        + " +08:00");
        assertError("timestamp,connected_clients\n1735124400000,3\n",
                "FILE:2: column 1 (timestamp): '1735124400000' looks like epoch milliseconds; give epoch seconds");
    }

    @Test
    void structuralErrorsNameFileAndLine() throws Exception {
        assertError("time,clients\n1,2\n",
                "FILE:1: no 'timestamp' column in the header (columns: time, clients); need timestamp and"
                        + " connected_clients");
        assertError("timestamp,connected_clients,timestamp\n", "FILE:1: column 'timestamp' appears twice (columns 1 and 3)");
        assertError("timestamp,connected_clients\n1735124400,3,extra\n", "FILE:2: 3 field(s), the header has 2");
        assertError("timestamp,connected_clients\n\"1735124400,3\n", "FILE:2: a quote is opened and never closed");
        assertError("\n\n", "FILE: empty; expected a header with the columns timestamp and connected_clients");
    }

    @Test
    void aMissingFileIsAConfigError() {
        Path missing = tmp.resolve("nope.csv");
        assertThatThrownBy(() -> ConnectionCsv.read(missing)).isInstanceOf(ConfigException.class)
                .hasMessage("cannot read " + missing + ": no such file");
    }
}
