package io.opsagent.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Theil–Sen and Mann–Kendall against hand-computed values. */
class StatisticsTest {
    @Test
    void theilSenIgnoresOneOutlier() {
        long[] t = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        long[] y = {0, 2, 4, 6, 8, 1000, 12, 14, 16, 18};
        TheilSen.Fit fit = TheilSen.fit(t, y, 0, t.length);
        assertEquals(2.0, fit.slope, 1e-9);
        assertEquals(0.0, fit.intercept, 1e-9);
        assertTrue(fit.low <= 2.0 && fit.high >= 2.0);
    }

    @Test
    void mannKendallOfAStrictRise() {
        long[] y = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(45, MannKendall.s(y, 0, 10));
        assertEquals(125.0, MannKendall.variance(y, 0, 10), 1e-9);
        // z = 44 / sqrt(125) = 3.935: p ~ 4.2e-5
        assertEquals(4.2e-5, MannKendall.pRising(y, 0, 10), 0.5e-5);
    }

    @Test
    void mannKendallOfAFlatSeriesIsNotSignificant() {
        long[] y = {5, 5, 5, 5, 5, 5};
        assertEquals(0, MannKendall.s(y, 0, 6));
        assertEquals(1.0, MannKendall.pRising(y, 0, 6));
        long[] falling = {6, 5, 4, 3, 2, 1};
        assertTrue(MannKendall.pRising(falling, 0, 6) > 0.99);
    }

    @Test
    void normalCdfKnownValues() {
        assertEquals(0.5, MannKendall.normalCdf(0), 1e-7);
        assertEquals(0.975, MannKendall.normalCdf(1.959964), 1e-6);
        assertEquals(0.025, MannKendall.normalCdf(-1.959964), 1e-6);
    }
}
