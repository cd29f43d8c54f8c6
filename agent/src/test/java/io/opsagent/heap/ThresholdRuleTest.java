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

    private static final ThresholdRule.Sustain SUSTAIN = new ThresholdRule.Sustain(30_000, 3);

    @Test
    void occupancyThatStaysHighAfterYoungCollectionsFiresOnceSustained() {
        // G1 skipping mixed collections: only young collections, each leaving the old gen above the threshold.
        ThresholdRule r = new ThresholdRule();
        assertFalse(r.offer(0.40, false, T, SUSTAIN, COOL, 5, 0));
        assertFalse(r.offer(0.90, false, T, SUSTAIN, COOL, 5, 1_000), "just crossed");
        assertFalse(r.offer(0.91, false, T, SUSTAIN, COOL, 5, 2_000));
        assertFalse(r.offer(0.91, false, T, SUSTAIN, COOL, 5, 20_000), "three collections, but not 30 s yet");
        assertTrue(r.offer(0.92, false, T, SUSTAIN, COOL, 5, 31_000), "held 30 s across 4 collections");
        assertFalse(r.offer(0.93, false, T, SUSTAIN, COOL, 5, 200_000), "disarmed until it falls below");
        assertEquals(1, r.taken());
    }

    @Test
    void oneCollectionBelowTheThresholdRestartsTheSustainedCount() {
        ThresholdRule r = new ThresholdRule();
        assertFalse(r.offer(0.90, false, T, SUSTAIN, COOL, 5, 0));
        assertFalse(r.offer(0.90, false, T, SUSTAIN, COOL, 5, 10_000));
        assertFalse(r.offer(0.60, false, T, SUSTAIN, COOL, 5, 20_000), "a young collection below the threshold: the live data is below too");
        assertFalse(r.offer(0.90, false, T, SUSTAIN, COOL, 5, 35_000), "the count restarted");
        assertFalse(r.offer(0.90, false, T, SUSTAIN, COOL, 5, 40_000));
        assertTrue(r.offer(0.90, false, T, SUSTAIN, COOL, 5, 66_000));
    }

    @Test
    void aCleaningCollectionIsStillTheFastRoute() {
        ThresholdRule r = new ThresholdRule();
        assertFalse(r.offer(0.90, false, T, SUSTAIN, COOL, 5, 0));
        assertTrue(r.offer(0.90, true, T, SUSTAIN, COOL, 5, 1_000), "a full or mixed collection left it high: at once");
    }
}
