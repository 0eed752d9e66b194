package io.ghostwatch.core.trend;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.history.ServerSample.AddressSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RisingAddressesTest {

    private static ServerSample sample(int hour, AddressSample... addresses) {
        return new ServerSample("t", "10.0.0.5:6379", Instant.parse("2026-11-20T00:00:00Z").plusSeconds(3600L * hour),
                0, 1000, 0, 0, List.of(addresses));
    }

    @Test
    void namesTheAddressThatHoldsTheRiseFastestFirst() {
        List<ServerSample> samples = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            samples.add(sample(h, new AddressSample("10.0.0.12", 40 + 3 * h, 0, 0, 0),
                    new AddressSample("10.0.0.13", 20 + h / 4, 0, 0, 0),
                    new AddressSample("10.0.0.14", 30 + (h % 2), 0, 0, 0)));
        }
        List<RisingAddresses.AddressTrend> rising = RisingAddresses.of(samples);
        assertThat(rising).extracting(RisingAddresses.AddressTrend::address).containsExactly("10.0.0.12", "10.0.0.13");
        assertThat(rising.getFirst().slopePerDay()).isCloseTo(72.0, org.assertj.core.data.Offset.offset(0.5));
        assertThat(rising.getFirst().first()).isEqualTo(40);
        assertThat(rising.getFirst().last()).isEqualTo(109);
    }

    @Test
    void anAddressThatAppearsLaterCountsFromZero() {
        List<ServerSample> samples = new ArrayList<>();
        for (int h = 0; h < 10; h++) {
            samples.add(h < 3 ? sample(h, new AddressSample("10.0.0.13", 5, 0, 0, 0))
                    : sample(h, new AddressSample("10.0.0.13", 5, 0, 0, 0), new AddressSample("10.0.0.99", 2 * h, 0, 0, 0)));
        }
        assertThat(RisingAddresses.of(samples)).extracting(RisingAddresses.AddressTrend::address).containsExactly("10.0.0.99");
    }

    @Test
    void samplesWithoutACensusAreLeftOutAndTooFewGiveNothing() {
        List<ServerSample> samples = List.of(sample(0, new AddressSample("a", 1, 0, 0, 0)), sample(1),
                sample(2, new AddressSample("a", 50, 0, 0, 0)));
        assertThat(RisingAddresses.of(samples)).isEmpty();
    }
}
