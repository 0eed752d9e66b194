package io.ghostwatch.core.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.history.ServerSample.AddressSample;
import io.ghostwatch.core.trend.RisingAddresses.AddressTrend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RisingAddressesTest {

    static final Instant T0 = Instant.parse("2026-03-02T00:00:00Z");
    final RisingAddresses rising = new RisingAddresses();

    static ServerSample sample(int hour, AddressSample... addresses) {
        long total = 0;
        for (AddressSample a : addresses) {
            total += a.connections();
        }
        return new ServerSample("cache-1", "10.0.0.5:6379", T0.plus(Duration.ofHours(hour)), total, 10_000, 0, 0,
                List.of(addresses));
    }

    static AddressSample addr(String address, int connections, int idleOver1h) {
        return new AddressSample(address, connections, idleOver1h, 0, 3600);
    }

    /** The incidents: one application host gains ~72 idle connections a day, the others stay put. */
    static List<ServerSample> incident() {
        List<ServerSample> samples = new ArrayList<>();
        for (int h = 0; h < 72; h++) {
            int ghosts = 300 + 3 * h;
            samples.add(sample(h, addr("10.0.0.7", 40 + ghosts + (h % 3), ghosts), addr("10.0.0.8", 12 + (h % 2), 0),
                    addr("10.0.0.9", 30 - h / 24, 1)));
        }
        return samples;
    }

    @Test
    void namesTheHostEveryExtraConnectionCameFrom() {
        List<AddressTrend> up = rising.rising(incident());
        assertThat(up).extracting(AddressTrend::address).containsExactly("10.0.0.7");
        AddressTrend host = up.getFirst();
        assertThat(host.slopePerDay()).isCloseTo(72, within(2.0));
        assertThat(host.idleSlopePerDay()).isCloseTo(72, within(1.0));
        assertThat(host.shareOfRise()).isEqualTo(1.0);
        assertThat(host.firstConnections()).isEqualTo(340);
        assertThat(host.lastConnections()).isEqualTo(40 + 300 + 3 * 71 + 71 % 3);
        assertThat(host.samples()).isEqualTo(72);
    }

    @Test
    void ranksEveryAddressSteepestFirst() {
        List<AddressTrend> all = rising.rank(incident());
        assertThat(all).extracting(AddressTrend::address).containsExactly("10.0.0.7", "10.0.0.8", "10.0.0.9");
        assertThat(all.get(2).slopePerDay()).isCloseTo(-1, within(0.25)); // a staircase: one fewer each day
        assertThat(all.get(2).shareOfRise()).isZero();
    }

    @Test
    void twoRisingHostsShareTheRise() {
        List<ServerSample> samples = new ArrayList<>();
        for (int h = 0; h < 48; h++) {
            samples.add(sample(h, addr("10.0.0.1", 100 + 3 * h, 3 * h), addr("10.0.0.2", 50 + h, h)));
        }
        List<AddressTrend> up = rising.rising(samples);
        assertThat(up).extracting(AddressTrend::address).containsExactly("10.0.0.1", "10.0.0.2");
        assertThat(up.get(0).shareOfRise()).isCloseTo(0.75, within(1e-9));
        assertThat(up.get(1).shareOfRise()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void anAddressThatAppearsCountsZeroBeforeItAndSamplesWithoutACensusAreSkipped() {
        List<ServerSample> samples = new ArrayList<>();
        for (int h = 0; h < 48; h++) {
            if (h % 5 == 0) {
                samples.add(sample(h)); // no census this time
                continue;
            }
            samples.add(h < 24 ? sample(h, addr("10.0.0.1", 10, 0))
                    : sample(h, addr("10.0.0.1", 10, 0), addr("10.0.0.3", 2 * (h - 24), 2 * (h - 24))));
        }
        List<AddressTrend> all = rising.rank(samples);
        assertThat(all.getFirst().address()).isEqualTo("10.0.0.3");
        assertThat(all.getFirst().firstConnections()).isZero();
        assertThat(all.getFirst().samples()).isEqualTo(48 - 10);
        assertThat(all.getLast().slopePerDay()).isZero();
    }

    @Test
    void tooLittleHistoryNamesNobody() {
        assertThat(rising.rank(List.of())).isEmpty();
        assertThat(rising.rank(List.of(sample(0, addr("10.0.0.1", 10, 0))))).isEmpty();
        assertThat(rising.rank(List.of(sample(0, addr("10.0.0.1", 10, 0)), sample(0, addr("10.0.0.1", 20, 0)))))
                .isEmpty();
        assertThat(rising.rank(List.of(sample(0), sample(5)))).isEmpty();
    }

    @Test
    void aSteadyServerHasNoRisingAddress() {
        List<ServerSample> samples = new ArrayList<>();
        for (int h = 0; h < 72; h++) {
            samples.add(sample(h, addr("10.0.0.1", 100 + (h % 7), 0), addr("10.0.0.2", 50 - (h % 3), 0)));
        }
        assertThat(rising.rising(samples)).isEmpty();
    }
}
