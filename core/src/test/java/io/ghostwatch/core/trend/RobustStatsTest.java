package io.ghostwatch.core.trend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ghostwatch.core.trend.RobustStats.MannKendall;
import org.junit.jupiter.api.Test;

class RobustStatsTest {

    @Test
    void medianOfOddEvenAndEmpty() {
        assertThat(RobustStats.median(new double[] {5, 1, 3})).isEqualTo(3);
        assertThat(RobustStats.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(RobustStats.median(new double[0])).isNaN();
    }

    @Test
    void theilSenIgnoresAnOutlierThatMovesLeastSquares() {
        double[] t = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        double[] y = {10, 12, 14, 16, 18, 20, 22, 24, 26, 500};
        assertThat(RobustStats.theilSen(t, y)).isEqualTo(2);
        assertThat(RobustStats.interceptFor(t, y, 2)).isEqualTo(10);
    }

    @Test
    void mannKendallCountsPairsAndCorrectsTheVarianceForTies() {
        MannKendall rising = RobustStats.mannKendall(new double[] {1, 2, 3, 4});
        assertThat(rising.s()).isEqualTo(6);
        assertThat(rising.variance()).isCloseTo(4 * 3 * 13 / 18.0, within(1e-9));
        MannKendall tied = RobustStats.mannKendall(new double[] {1, 1, 2, 3});
        assertThat(tied.s()).isEqualTo(5);
        assertThat(tied.variance()).isCloseTo((4 * 3 * 13 - 2 * 1 * 9) / 18.0, within(1e-9));
        assertThat(RobustStats.mannKendall(new double[] {3, 2, 1}).z()).isNegative();
    }

    @Test
    void serialCorrelationWidensTheTest() {
        MannKendall mk = RobustStats.mannKendall(new double[] {1, 3, 2, 4, 6, 5, 7, 9, 8, 10});
        assertThat(mk.correctedFor(0.5).variance()).isGreaterThan(mk.variance());
        assertThat(mk.correctedFor(0.5).pRising()).isGreaterThan(mk.pRising());
        assertThat(mk.correctedFor(-0.3)).isEqualTo(mk);
    }

    @Test
    void normalCdfMatchesTables() {
        assertThat(RobustStats.normalCdf(0)).isCloseTo(0.5, within(1e-7));
        assertThat(RobustStats.normalCdf(1.959964)).isCloseTo(0.975, within(1e-6));
        assertThat(RobustStats.normalCdf(-2.326348)).isCloseTo(0.01, within(1e-6));
    }

    @Test
    void lag1AutocorrelationUsesOnlyConsecutiveHours() {
        double[] r = {1, 1, -1, -1, 1, 1, -1, -1};
        boolean[] all = {true, true, true, true, true, true, true};
        // lag-1 products: +1 -1 +1 -1 +1 -1 +1 -> mean 1/7; variance 1
        assertThat(RobustStats.lag1Autocorrelation(r, all)).isCloseTo(1.0 / 7, within(1e-9));
        assertThat(RobustStats.lag1Autocorrelation(r, new boolean[7])).isZero();
    }
}
