package io.opsagent.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ThresholdRuleTest {
    private static final double T = 0.85;
    private static final long COOL = 60_000;

    @Test
    void firesOnceUntilOccupancyFallsBelowAgain() {
        ThresholdRule r = new ThresholdRule();
        assertFalse(r.offer(0.50, T, COOL, 5, 0));
        assertTrue(r.offer(0.90, T, COOL, 5, 1000));
        assertFalse(r.offer(0.95, T, COOL, 5, 100_000), "still above: hysteresis");
        assertFalse(r.offer(0.80, T, COOL, 5, 110_000));
        assertTrue(r.offer(0.86, T, COOL, 5, 120_000));
        assertEquals(2, r.taken());
    }

    @Test
    void waitsForTheCooldownEvenWhenReArmed() {
        ThresholdRule r = new ThresholdRule();
        assertTrue(r.offer(0.90, T, COOL, 5, 0));
        assertFalse(r.offer(0.10, T, COOL, 5, 1000));
        assertFalse(r.offer(0.90, T, COOL, 5, 2000), "re-armed but within the cooldown");
        assertTrue(r.armed());
        assertTrue(r.offer(0.90, T, COOL, 5, 61_000), "cooldown over, still above");
    }

    @Test
    void neverMoreThanMax() {
        ThresholdRule r = new ThresholdRule();
        assertTrue(r.offer(0.9, T, 0, 1, 0));
        r.offer(0.1, T, 0, 1, 1);
        assertFalse(r.offer(0.9, T, 0, 1, 2));
        assertFalse(new ThresholdRule().offer(0.99, T, 0, 0, 0), "max=0 turns automatic dumps off");
    }

    @Test
    void aMissedDumpIsRetriedAtTheNextCollection() {
        ThresholdRule r = new ThresholdRule();
        assertTrue(r.offer(0.9, T, COOL, 1, 0));
        r.missed();
        assertEquals(0, r.taken());
        assertTrue(r.offer(0.9, T, COOL, 1, 10), "the missed dump does not start a cooldown");
    }
}
