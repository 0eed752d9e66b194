package io.ghostwatch.core.trend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HourlySeriesTest {

    static ConnectionPoint at(String time, long clients) {
        return new ConnectionPoint(Instant.parse(time), clients);
    }

    @Test
    void anAuditThatRunsAroundTheHourGetsOneValuePerHour() {
        // :59, :01, :58, :02: clock hours would see two samples in one hour and none in the next
        HourlySeries s = HourlySeries.of(List.of(at("2026-03-02T00:59:00Z", 10), at("2026-03-02T02:01:00Z", 20),
                at("2026-03-02T02:58:00Z", 30), at("2026-03-02T04:02:00Z", 40)), 720);
        assertThat(s.size()).isEqualTo(4);
        assertThat(s.values()).containsExactly(10, 20, 30, 40);
        assertThat(s.adjacency()).containsExactly(true, true, true);
        assertThat(s.time(0)).isEqualTo(Instant.parse("2026-03-02T01:00:00Z"));
        assertThat(s.hourOfDay(0)).isEqualTo(1);
        assertThat(s.lastSample()).isEqualTo(Instant.parse("2026-03-02T04:02:00Z"));
    }

    @Test
    void severalSamplesInAnHourGiveTheirMedianAndGapsStayGaps() {
        HourlySeries s = HourlySeries.of(List.of(at("2026-03-02T10:30:00Z", 100), at("2026-03-02T10:35:00Z", 900),
                at("2026-03-02T10:40:00Z", 110), at("2026-03-02T15:30:00Z", 120)), 720);
        assertThat(s.values()).containsExactly(110, 120);
        assertThat(s.hoursBetween(0, 1)).isEqualTo(5);
        assertThat(s.adjacency()).containsExactly(false);
    }

    @Test
    void onlyTheWindowBeforeTheNewestPointIsKept() {
        HourlySeries s = HourlySeries.of(List.of(at("2026-01-01T00:00:00Z", 1), at("2026-03-02T00:00:00Z", 2),
                at("2026-03-02T01:00:00Z", 3)), 24);
        assertThat(s.values()).containsExactly(2, 3);
    }
}
