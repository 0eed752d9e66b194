package io.ghostwatch.core.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghostwatch.core.config.ConfigException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectionCsvTest {

    @Test
    void readsIsoAndEpochTimesInAnyColumnOrderAndSortsThem() {
        List<ConnectionPoint> points = ConnectionCsv.parse(List.of(
                "host,connected_clients,timestamp",
                "\"a,b\",12,2026-11-21T10:00:00Z",
                "x,10,1795251600",
                "",
                "y,11,2026-11-21T09:30:00+01:00"), "c.csv");
        assertThat(points).extracting(ConnectionPoint::connectedClients).containsExactly(11L, 10L, 12L);
        assertThat(points.getFirst().time()).isEqualTo(Instant.parse("2026-11-21T08:30:00Z"));
        assertThat(points.get(1).time()).isEqualTo(Instant.parse("2026-11-21T09:00:00Z"));
    }

    @Test
    void errorsNameFileLineColumnAndValue() {
        assertThatThrownBy(() -> ConnectionCsv.parse(List.of("timestamp,connected_clients", "2026-11-21T10:00:00Z,-3"), "c.csv"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("c.csv:2: column connected_clients: '-3' is not a count (valid: a whole number >= 0)");
        assertThatThrownBy(() -> ConnectionCsv.parse(List.of("time,clients", "1,2"), "c.csv"))
                .hasMessage("c.csv:1: the header must name the columns timestamp and connected_clients; found: time, clients");
        assertThatThrownBy(() -> ConnectionCsv.parse(List.of("timestamp,connected_clients", "1795255200"), "c.csv"))
                .hasMessage("c.csv:2: 1 column(s), expected at least 2");
        assertThatThrownBy(() -> ConnectionCsv.parse(List.of(), "c.csv")).hasMessageContaining("the CSV is empty");
    }
}
