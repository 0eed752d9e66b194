package io.ghostwatch.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghostwatch.core.history.ServerSample;
import io.ghostwatch.core.history.ServerSample.AddressSample;
import io.ghostwatch.core.model.CheckStatus;
import io.ghostwatch.core.model.Finding;
import io.ghostwatch.core.model.Severity;
import io.ghostwatch.core.policy.Policy;
import io.ghostwatch.core.redis.NodeSnapshot;
import io.ghostwatch.core.redis.Readout;
import io.ghostwatch.core.testing.Snapshots;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConnectionCountStableCheckTest {

    private final ConnectionCountStableCheck check = new ConnectionCountStableCheck();

    /**
     * Hourly samples ending at the snapshot's time: a base of {@code base}, a daily swing, noise, and a leak of
     * {@code leakPerDay} held entirely by 10.0.0.12 (the incidents: every extra connection from one app host).
     */
    private static List<ServerSample> hourly(int hours, double base, double leakPerDay, long maxclients) {
        Random random = new Random(7);
        List<ServerSample> samples = new ArrayList<>();
        for (int h = 0; h < hours; h++) {
            Instant t = Snapshots.COLLECTED_AT.minus(Duration.ofHours(hours - 1 - h));
            int leaked = (int) Math.round(leakPerDay * h / 24.0);
            int pool = (int) Math.round(base + 30 * Math.sin(2 * Math.PI * h / 24) + random.nextGaussian() * 4);
            samples.add(new ServerSample("lab-1", Snapshots.NODE.toString(), t, pool + leaked + 40, maxclients, 0, 1000 + h,
                    List.of(new AddressSample("10.0.0.12", 40 + leaked, leaked / 2, 0, 3600L * h),
                            new AddressSample("10.0.0.13", pool, 0, 0, 600))));
        }
        return samples;
    }

    private Finding evaluate(NodeSnapshot snapshot, List<ServerSample> history) {
        return check.evaluate(new CheckContext("lab-1", snapshot, Policy.defaults(), Readout.known(history)));
    }

    @Test
    void theIncidentsLeakFailsNamingTheHostAndTheCause() {
        NodeSnapshot s = Snapshots.standalone().timeout(0).tcpKeepalive(0).maxclients(2000).build();
        Finding f = evaluate(s, hourly(72, 260, 70, 2000));

        assertThat(f.status()).as(f.detail()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.HIGH); // ~1500 left at ~70/day: about 3 weeks
        assertThat(f.detail()).startsWith("lab-1 (10.0.0.5:6379) is leaking connections: +")
                .contains("The rise comes from 10.0.0.12 (+")
                .contains("Likely cause: timeout 0 and tcp-keepalive 0 on this server.");
        assertThat(f.evidence()).containsKeys("slope_per_day", "exhausts_at", "rising_addresses");
        assertThat(f.fix().commands()).contains("CONFIG SET tcp-keepalive 300", "CONFIG REWRITE");
        assertThat(f.fix().commands().getFirst()).startsWith("CONFIG SET timeout ");
    }

    @Test
    void exhaustionWithinAWeekIsCritical() {
        NodeSnapshot s = Snapshots.standalone().timeout(0).tcpKeepalive(300).maxclients(700).build();
        Finding f = evaluate(s, hourly(72, 260, 70, 700)); // ~190 left at ~70/day
        assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(f.detail()).contains("Likely cause: timeout 0 on this server.");
    }

    @Test
    void aLeakWithNoKnownLimitIsMedium() {
        NodeSnapshot s = Snapshots.standalone().timeout(0).tcpKeepalive(300).build(); // maxclients unreadable
        Finding f = evaluate(s, hourly(72, 260, 70, -1));
        assertThat(f.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
    }

    @Test
    void dailyCyclesAloneDoNotFail() {
        NodeSnapshot s = Snapshots.standalone().timeout(0).tcpKeepalive(0).maxclients(1000).build();
        Finding f = evaluate(s, hourly(72, 260, 0, 1000));
        assertThat(f.status()).isEqualTo(CheckStatus.PASS);
        assertThat(f.detail()).startsWith("lab-1 (10.0.0.5:6379): no connection leak.");
    }

    @Test
    void aSingleSampleIsNotEnoughHistory() {
        NodeSnapshot s = Snapshots.standalone().timeout(0).maxclients(1000).build();
        Finding f = evaluate(s, hourly(1, 260, 70, 1000));
        assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
        assertThat(f.detail()).startsWith("Not enough history on lab-1 (10.0.0.5:6379) yet:");
    }

    @Test
    void anUnreadableHistoryIsAnError() {
        NodeSnapshot s = Snapshots.standalone().build();
        Finding f = check.evaluate(new CheckContext("lab-1", s, Policy.defaults(),
                Readout.unreadable("the history store failed: disk full")));
        assertThat(f.status()).isEqualTo(CheckStatus.ERROR);
        assertThat(f.detail()).contains("disk full");
    }

    @Test
    void aSentinelIsNotApplicable() {
        Finding f = check.evaluate(new CheckContext("lab-1", Snapshots.sentinel().build(), Policy.defaults()));
        assertThat(f.status()).isEqualTo(CheckStatus.NOT_APPLICABLE);
    }

    @Test
    void severityBoundaries() {
        Instant now = Instant.parse("2026-11-21T00:00:00Z");
        assertThat(ConnectionCountStableCheck.severity(now.plus(Duration.ofDays(7)).minusSeconds(1), now))
                .isEqualTo(Severity.CRITICAL);
        assertThat(ConnectionCountStableCheck.severity(now.plus(Duration.ofDays(7)), now)).isEqualTo(Severity.HIGH);
        assertThat(ConnectionCountStableCheck.severity(now.plus(Duration.ofDays(30)), now)).isEqualTo(Severity.MEDIUM);
        assertThat(ConnectionCountStableCheck.severity(null, now)).isEqualTo(Severity.MEDIUM);
    }
}
