package io.opsagent.leak;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The signals that do not wait for a cleaning collection: the upper bound after young collections and
 * its confirmation by live histograms, urgency, near exhaustion, Metaspace, histogram pacing.
 */
class EarlySignalsTest {
    static final long MB = 1L << 20;
    static final long T0 = 1_700_000_000_000L;
    static final long WARM = T0 + 60_000;
    static final long WINDOW = 120_000;

    /** Old pool after a young collection every second from t0 to t0+ms. */
    interface Shape {
        long at(long ms);
    }

    static long[][] young(long fromMs, long toMs, long everyMs, Shape s) {
        int n = (int) ((toMs - fromMs) / everyMs) + 1;
        long[][] out = new long[2][n];
        for (int i = 0; i < n; i++) {
            long ms = fromMs + i * everyMs;
            out[0][i] = T0 + ms;
            out[1][i] = s.at(ms);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void aFastLeakRaisesTheUpperBoundBeforeAnyOldCollection(int seed) {
        Random r = new Random(seed);
        // G1, 512 MB: 1 MiB/s leaked plus some promoted garbage, no mixed or full collection yet.
        long[][] y = young(0, 85_000, 700, ms -> 40 * MB + ms * MB / 1000 + ms * MB / 5000 + (long) (r.nextGaussian() * MB));
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        LeakVerdict v = UpperBound.analyze(bound[0], bound[1], T0 + 85_000, WINDOW, 512 * MB, WARM);
        assertNotNull(v, "a rise 25 s after the warm-up");
        assertEquals(LeakVerdict.Level.NONE, v.level, "the bound alone is not reported: start-up and promoted garbage raise it too");
        assertEquals(LeakVerdict.UPPER_BOUND, v.signal);
        assertTrue(UpperBound.wantsHistograms(v), "it starts live histograms");
        assertTrue(v.reason.contains("upper bound"), v.reason);
        assertEquals(72 * MB, v.growthBytesPerMinute, 10 * MB, "the bound's slope includes the promoted garbage");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void churnPromotedAndCleanedByMixedCollectionsIsNotSuspected(int seed) {
        Random r = new Random(seed);
        // Promotion raises the bound by 2 MB/s; a mixed phase brings it back to 60 MB every 20 s.
        long[][] y = young(0, 170_000, 500, ms -> 60 * MB + (ms % 20_000) * 2 * MB / 1000 + (long) (r.nextGaussian() * MB / 4));
        int floors = 8;
        long[] ft = new long[floors];
        long[] fb = new long[floors];
        for (int i = 0; i < floors; i++) {
            ft[i] = T0 + (i + 1) * 20_000L - 1;
            fb[i] = 60 * MB + (long) (r.nextGaussian() * MB / 4);
        }
        long[][] bound = UpperBound.envelope(y[0], y[1], ft, fb);
        assertNull(UpperBound.analyze(bound[0], bound[1], T0 + 170_000, WINDOW, 512 * MB, WARM));
    }

    /** The bound rising 2 MB/s for 100 s after a 40 MB start (a leak or promoted garbage), judged at 100 s. */
    private static LeakVerdict promotedRise(long maxBytes) {
        long[][] y = young(0, 100_000, 1000, ms -> 40 * MB + ms * 2 * MB / 1000);
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        return UpperBound.analyze(bound[0], bound[1], T0 + 100_000, WINDOW, maxBytes, WARM);
    }

    @Test
    void aRiseOfPromotedGarbageIsClearedByTwoFlatHistograms() {
        LeakVerdict suspicion = promotedRise(512 * MB);
        assertNotNull(suspicion);
        LeakVerdict one = LiveConfirmation.confirm(suspicion, new long[] {T0 + 80_000}, new long[] {41 * MB}, T0 + 100_000, 480_000);
        assertEquals(LeakVerdict.UPPER_BOUND, one.signal, "one histogram alone neither confirms nor clears");
        assertTrue(UpperBound.wantsHistograms(one));
        LeakVerdict two = LiveConfirmation.confirm(suspicion, new long[] {T0 + 70_000, T0 + 100_000}, new long[] {41 * MB, 41 * MB + 300_000},
                T0 + 100_000, 480_000);
        assertEquals(LeakVerdict.Level.NONE, two.level, two.reason);
        assertTrue(two.reason.startsWith("cleared by live class histograms"), two.reason);
        assertEquals(LeakVerdict.LIVE_HISTOGRAMS, two.signal);
    }

    @Test
    void histogramsThatRiseAtEveryStepConfirmItWithTheirRate() {
        LeakVerdict suspicion = promotedRise(512 * MB);
        long[] ht = {T0 + 70_000, T0 + 90_000, T0 + 110_000};
        long[] hb = {100 * MB, 120 * MB, 140 * MB + MB / 2};
        LeakVerdict two = LiveConfirmation.confirm(suspicion, new long[] {ht[0], ht[1]}, new long[] {hb[0], hb[1]}, T0 + 95_000, 480_000);
        assertEquals(LeakVerdict.Level.NONE, two.level, "two can both fall in a sawtooth's filling phase: " + two.reason);
        assertEquals(LeakVerdict.UPPER_BOUND, two.signal);
        LeakVerdict three = LiveConfirmation.confirm(suspicion, ht, hb, T0 + 115_000, 480_000);
        assertEquals(LeakVerdict.Level.LIKELY, three.level, "60 MB/min on 512 MB runs out in minutes: three suffice; " + three.reason);
        assertEquals(LeakVerdict.LIVE_HISTOGRAMS, three.signal);
        assertEquals(60 * MB, three.growthBytesPerMinute, 2 * MB);
        assertTrue(three.exhaustionMillis > 0);
    }

    @Test
    void histogramsTenSecondsApartConfirmOverTheSpanTheRuleNeeds() {
        // leak.histogram.interval=10s: the newest four span only 30 s, less than the 40 s a confirmation needs.
        LeakVerdict suspicion = promotedRise(128 * MB);
        long[] ht = new long[6];
        long[] hb = new long[6];
        for (int i = 0; i < 6; i++) {
            ht[i] = T0 + 50_000 + i * 10_000L;
            hb[i] = 30 * MB + i * 5 * MB / 2;
        }
        long now = ht[5] + 2_000;
        long lookBack = LiveConfirmation.lookBack(10_000);
        assertTrue(lookBack >= 55_000, "room for 40 s of histograms and the wait for the next: " + lookBack);
        assertEquals(1, LiveConfirmation.firstJudged(ht), "five histograms, to span 40 s");
        LeakVerdict v = LiveConfirmation.confirm(suspicion, ht, hb, now, lookBack);
        assertEquals(LeakVerdict.Level.LIKELY, v.level, v.reason);
        assertEquals(LeakVerdict.LIVE_HISTOGRAMS, v.signal);
        assertEquals(15 * MB, v.growthBytesPerMinute, MB);
        assertEquals(5, LiveConfirmation.risingHistograms(ht, hb, now, lookBack, 128 * MB, WINDOW));
        long[] spaced = {T0, T0 + 20_000, T0 + 40_000, T0 + 60_000, T0 + 80_000};
        assertEquals(1, LiveConfirmation.firstJudged(spaced), "20 s apart: the newest four, as before");
        assertEquals(120 * 4_500L, LiveConfirmation.lookBack(120_000), "the default 2m interval looks back 4.5 intervals, as before");
    }

    @Test
    void aCacheThatReachedItsPlateauBetweenTwoHistogramsIsNotASteadyRise() {
        LeakVerdict suspicion = promotedRise(256 * MB);
        long[] ht = {T0 + 70_000, T0 + 90_000, T0 + 110_000};
        // filled 40 MB between the first two, then a few KB of churn in live data: higher, but not rising
        long[] plateau = {60 * MB, 100 * MB, 100 * MB + 4096};
        LeakVerdict v = LiveConfirmation.confirm(suspicion, ht, plateau, T0 + 115_000, 480_000);
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
        assertEquals(0, LiveConfirmation.risingHistograms(ht, plateau, T0 + 115_000, 480_000, 256 * MB, WINDOW));
    }

    @Test
    void threeHistogramsThatDecelerateWaitForAFourth() {
        LeakVerdict suspicion = promotedRise(256 * MB);
        // a cache filling 100 MB at 2 MB/s on 256 MiB: 40 MB, then 24 MB (it stopped at 52 s), then flat
        long[] ht = {T0 + 20_000, T0 + 40_000, T0 + 60_000, T0 + 80_000};
        long[] cache = {60 * MB, 100 * MB, 124 * MB, 124 * MB + 8192};
        LeakVerdict three = LiveConfirmation.confirm(suspicion, java.util.Arrays.copyOf(ht, 3), java.util.Arrays.copyOf(cache, 3), T0 + 61_000, 480_000);
        assertEquals(LeakVerdict.Level.NONE, three.level, three.reason);
        assertTrue(UpperBound.wantsHistograms(three), "the fourth still comes");
        assertEquals(LeakVerdict.Level.NONE, LiveConfirmation.confirm(suspicion, ht, cache, T0 + 81_000, 480_000).level);
        // a leak whose fourth step rises too is confirmed with four
        long[] slowing = {60 * MB, 100 * MB, 124 * MB, 150 * MB};
        assertEquals(LeakVerdict.Level.LIKELY, LiveConfirmation.confirm(suspicion, ht, slowing, T0 + 81_000, 480_000).level);
        assertTrue(LiveConfirmation.decelerates(new long[] {0, 40, 64}));
        assertFalse(LiveConfirmation.decelerates(new long[] {0, 20, 36}), "a step of 80% is a line with noise");
    }

    @Test
    void aRiseCountsOnlyWhenEveryStepIsAQuarterOfTheMeanStep() {
        assertTrue(LiveConfirmation.risesAtEveryStep(new long[] {100, 120, 140, 160}, 0, 4));
        // a leak slowing near exhaustion: its last step shrinks, but not to nothing
        assertTrue(LiveConfirmation.risesAtEveryStep(new long[] {100, 120, 140, 150}, 0, 4));
        assertFalse(LiveConfirmation.risesAtEveryStep(new long[] {100, 140, 180, 181}, 0, 4));
        assertFalse(LiveConfirmation.risesAtEveryStep(new long[] {100, 140, 140}, 0, 3));
        assertFalse(LiveConfirmation.risesAtEveryStep(new long[] {100, 90, 80}, 0, 3));
        assertFalse(LiveConfirmation.risesAtEveryStep(new long[] {100}, 0, 1));
        // only the range counts
        assertTrue(LiveConfirmation.risesAtEveryStep(new long[] {500, 100, 120, 140}, 1, 4));
    }

    @Test
    void aSlowLeakNeedsFourHistogramsOverTwoMinutesAndIsOnlySuspected() {
        // 30 MB/min on 4 GB, a 30m window: two hours from exhaustion.
        long max = 4096 * MB;
        long[][] y = young(0, 400_000, 2000, ms -> 400 * MB + ms * 30 * MB / 60_000);
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        LeakVerdict suspicion = UpperBound.analyze(bound[0], bound[1], T0 + 400_000, 30 * 60_000, max, WARM);
        assertNotNull(suspicion);
        LeakVerdict three = LiveConfirmation.confirm(suspicion, new long[] {T0 + 200_000, T0 + 300_000, T0 + 400_000},
                new long[] {400 * MB, 450 * MB, 500 * MB}, T0 + 400_000, 480_000);
        assertEquals(LeakVerdict.Level.NONE, three.level, "three rising by chance are one in four: " + three.reason);
        assertTrue(UpperBound.wantsHistograms(three), "not cleared either: " + three.reason);
        LeakVerdict four = LiveConfirmation.confirm(suspicion, new long[] {T0 + 200_000, T0 + 300_000, T0 + 400_000, T0 + 500_000},
                new long[] {400 * MB, 450 * MB, 500 * MB, 550 * MB}, T0 + 500_000, 480_000);
        assertEquals(LeakVerdict.Level.SUSPECTED, four.level, four.reason);
        assertTrue(four.reason.startsWith("live class histograms confirm it"), four.reason);
        assertTrue(four.reason.contains("likely waits for the floors"), four.reason);
    }

    @Test
    void g1ConcurrentCyclesConfirmOrClearTheBoundLikeHistogramsAndSaySo() {
        // 1 MiB/s on 512 MiB: the bound rises by 20 MiB/min more (promoted garbage)
        long max = 512 * MB;
        long[][] y = young(0, 120_000, 3000, ms -> 100 * MB + ms * 80 * MB / 60_000);
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        LeakVerdict suspicion = UpperBound.analyze(bound[0], bound[1], T0 + 120_000, 3 * 60_000, max, WARM);
        assertNotNull(suspicion);
        // Remark every 8 s from 60 s, one per 10 s kept; none from the start-up (before WARM + 5 s)
        long[] ct = new long[8];
        long[] cb = new long[8];
        for (int i = 0; i < ct.length; i++) {
            ct[i] = T0 + 60_000 + i * 8_000;
            cb[i] = 40 * MB + (60_000 + i * 8_000) * MB / 1000;
        }
        long[][] spaced = LiveConfirmation.spaced(ct, cb, T0 + 65_000);
        assertArrayEquals(new long[] {T0 + 68_000, T0 + 84_000, T0 + 100_000, T0 + 116_000}, spaced[0]);
        LeakVerdict byCycles = LiveConfirmation.confirm(suspicion, spaced[0], spaced[1], T0 + 120_000, 90_000, LiveConfirmation.Measure.G1_CYCLES);
        assertEquals(LeakVerdict.Level.LIKELY, byCycles.level, byCycles.reason);
        assertEquals(LeakVerdict.CONCURRENT_CYCLES, byCycles.signal);
        assertTrue(byCycles.reason.startsWith("G1 concurrent marking cycles confirm it"), byCycles.reason);
        assertEquals(60, byCycles.growthBytesPerMinute / MB, 1, "the rate is the cycles' own, not the bound's");
        // the same cycles flat: promoted garbage only
        long[] flat = {200 * MB, 201 * MB, 200 * MB, 201 * MB};
        LeakVerdict cleared = LiveConfirmation.confirm(suspicion, spaced[0], flat, T0 + 120_000, 90_000, LiveConfirmation.Measure.G1_CYCLES);
        assertEquals(LeakVerdict.Level.NONE, cleared.level);
        assertFalse(UpperBound.wantsHistograms(cleared), cleared.reason);
        assertTrue(cleared.reason.startsWith("cleared by G1 concurrent marking cycles"), cleared.reason);
        // one cycle decides nothing: the caller goes on with histograms
        LeakVerdict one = LiveConfirmation.confirm(suspicion, new long[] {ct[0]}, new long[] {cb[0]}, T0 + 120_000, 90_000, LiveConfirmation.Measure.G1_CYCLES);
        assertEquals(LeakVerdict.UPPER_BOUND, one.signal);
    }

    @Test
    void aSlowSteadyLiveRiseFarBelowTheBoundIsNotCleared() {
        // 50 KiB/s leaked on 512 MB while promoted garbage raises the bound by 20 MiB/min: live growth is 15% of it.
        long[][] y = young(0, 400_000, 5000, ms -> 100 * MB + ms * 20 * MB / 60_000);
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        LeakVerdict suspicion = UpperBound.analyze(bound[0], bound[1], T0 + 400_000, 30 * 60_000, 512 * MB, WARM);
        assertNotNull(suspicion);
        long[] ht = {T0 + 400_000, T0 + 520_000};
        LeakVerdict steady = LiveConfirmation.confirm(suspicion, ht, new long[] {60 * MB, 66 * MB}, T0 + 520_000, 300_000);
        assertTrue(UpperBound.wantsHistograms(steady), "3 MiB/min is 6% of 512 MB per window: " + steady.reason);
        LeakVerdict flat = LiveConfirmation.confirm(suspicion, ht, new long[] {60 * MB, 60 * MB + 100_000}, T0 + 520_000, 300_000);
        assertTrue(!UpperBound.wantsHistograms(flat), flat.reason);
    }

    @Test
    void aShortWindowDoesNotHideASlowLeak() {
        // 50 KiB/s on 512 MiB with leak.window=2m: 6 MiB per window, under 3% of the limit; over ten minutes 30 MiB.
        long window = 2 * 60_000;
        long[][] y = young(0, 300_000, 5000, ms -> 100 * MB + ms * 12 * MB / 60_000);
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        LeakVerdict suspicion = UpperBound.analyze(bound[0], bound[1], T0 + 300_000, window, 512 * MB, WARM);
        assertNotNull(suspicion, "the bound's rise starts histograms");
        long[] ht = {T0 + 300_000, T0 + 382_000, T0 + 464_000, T0 + 546_000};
        long[] hb = {60 * MB, 64 * MB, 68 * MB + MB / 10, 72 * MB};
        LeakVerdict four = LiveConfirmation.confirm(suspicion, ht, hb, T0 + 546_000, 370_000);
        assertEquals(LeakVerdict.Level.SUSPECTED, four.level, four.reason);
        // the same histograms flat within noise: cleared as promoted garbage
        LeakVerdict flat = LiveConfirmation.confirm(suspicion, ht, new long[] {60 * MB, 60 * MB + 200_000, 60 * MB + 100_000, 60 * MB + 300_000},
                T0 + 546_000, 370_000);
        assertFalse(UpperBound.wantsHistograms(flat), flat.reason);
        assertTrue(LiveConfirmation.meaningful(1.6 * MB / 60_000, window, 512 * MB), "3% of 512 MiB in ten minutes is 1.54 MiB/min");
        assertFalse(LiveConfirmation.meaningful(1.5 * MB / 60_000, window, 512 * MB));
        assertTrue(LiveConfirmation.meaningful(0.6 * MB / 60_000, 30 * 60_000, 512 * MB), "a longer window counts whole");
    }

    @Test
    void histogramsThatSayNotUrgentAreSpacedSoFourSpanTwoMinutes() {
        long now = T0 + 300_000;
        long[] t = {T0 + 200_000, T0 + 234_000, T0 + 268_000, T0 + 300_000};
        // 200 KiB/s (11.7 MiB/min) on 256 MiB: 17 minutes from exhaustion at the histograms' rate
        long[] slow = {59 * MB, 66 * MB, 73 * MB, 80 * MB};
        assertEquals(LiveConfirmation.NOT_URGENT_SPACING_MILLIS, LiveConfirmation.pacedForLiveRate(20_000, t, slow, now, 256 * MB));
        assertEquals(40_000, LiveConfirmation.NOT_URGENT_SPACING_MILLIS, "four span the two minutes a rise that is not urgent needs");
        // 1 MiB/s: 2.5 minutes from exhaustion, the bound's pacing stands
        long[] fast = {59 * MB, 93 * MB, 127 * MB, 160 * MB};
        assertEquals(20_000, LiveConfirmation.pacedForLiveRate(20_000, t, fast, now, 256 * MB));
        // flat live data (promoted garbage raised the bound): not urgent either
        long[] flat = {59 * MB, 59 * MB, 59 * MB, 59 * MB};
        assertEquals(40_000, LiveConfirmation.pacedForLiveRate(20_000, t, flat, now, 256 * MB));
        assertEquals(20_000, LiveConfirmation.pacedForLiveRate(20_000, new long[] {T0 + 290_000}, new long[] {59 * MB}, now, 256 * MB), "one histogram says nothing");
        assertEquals(120_000, LiveConfirmation.pacedForLiveRate(120_000, t, slow, now, 256 * MB), "never quicker than it was");
        // with that spacing the newest four span 2 minutes and confirm a steady rise
        long[][] y = young(0, 300_000, 5000, ms -> 40 * MB + ms * 30 * MB / 60_000);
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        LeakVerdict suspicion = UpperBound.analyze(bound[0], bound[1], now, 3 * 60_000, 256 * MB, WARM);
        assertNotNull(suspicion);
        long[] spaced = {T0 + 180_000, T0 + 220_000, T0 + 260_000, T0 + 300_000};
        long[] live = {59 * MB, 67 * MB, 75 * MB, 83 * MB};
        LeakVerdict four = LiveConfirmation.confirm(suspicion, spaced, live, now, LiveConfirmation.lookBack(40_000));
        assertEquals(LeakVerdict.Level.SUSPECTED, four.level, four.reason);
    }

    /** Six floors 8 s apart: a 1 MiB/s leak on a 256 MB heap (minutes from exhaustion) against a slow one on 2 GB. */
    @Test
    void decisionTimeFollowsUrgency() {
        long[] t = new long[6];
        long[] fast = new long[6];
        long[] slow = new long[6];
        Random r = new Random(3);
        for (int i = 0; i < 6; i++) {
            t[i] = WARM + 5_000 + i * 8_000L;
            fast[i] = 80 * MB + i * 8 * MB + (long) (r.nextGaussian() * MB / 2);
            slow[i] = 80 * MB + i * 400_000L + (long) (r.nextGaussian() * MB / 8);
        }
        long now = t[5] + 1000;
        LeakVerdict urgent = LeakAnalyzer.analyze(t, fast, now, 180_000, 256 * MB, -1, WARM);
        assertEquals(LeakVerdict.Level.LIKELY, urgent.level, urgent.reason);
        assertTrue(urgent.reason.contains("runs out within"), urgent.reason);
        LeakVerdict patient = LeakAnalyzer.analyze(t, slow, now, 180_000, 2048 * MB, -1, WARM);
        assertEquals(LeakVerdict.Level.NONE, patient.level);
        assertTrue(patient.reason.startsWith("not enough GC data yet"), patient.reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void aSteepCacheWarmUpOnASmallHeapIsStillNotLikely(int seed) {
        Random r = new Random(seed);
        int n = 24;
        long[] t = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = WARM + i * 5_000L;
            long ms = i * 5_000L;
            y[i] = 60 * MB + Math.min(ms, 60_000) * 60 * MB / 60_000 + (long) (r.nextGaussian() * MB / 2);
        }
        LeakVerdict v = LeakAnalyzer.analyze(t, y, t[n - 1] + 1000, WINDOW, 170 * MB, -1, WARM);
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
    }

    @Test
    void theWaitForDataCountsTheWarmUpLeftAndFloorsAlreadyHeld() {
        long[] t = {T0 + 10_000, T0 + 20_000, T0 + 30_000};
        long[] y = {50 * MB, 51 * MB, 52 * MB};
        // 30 s of warm-up left, then six floors 10 s apart and a 60 s span: 30 + 60 s.
        LeakVerdict v = LeakAnalyzer.analyze(t, y, T0 + 30_000, WINDOW, 512 * MB, 10_000, WARM, 3);
        assertEquals(90_000, v.dataEtaMillis, v.reason);
        assertTrue(v.reason.contains("30 s of it left"), v.reason);
        LeakVerdict unknown = LeakAnalyzer.analyze(t, y, T0 + 30_000, WINDOW, 512 * MB, -1, WARM, 3);
        assertTrue(unknown.reason.contains("3 floors so far"), unknown.reason);
        assertTrue(!unknown.reason.contains("no collection has reclaimed"), unknown.reason);
    }

    @Test
    void nearExhaustionStaysSaidWhileOccupancyHoversAroundTheLine() {
        long now = T0 + 300_000;
        assertNotNull(Exhaustion.check(now - 5_000, 87 * MB, 100 * MB, 0.1, now, false));
        assertNull(Exhaustion.check(now - 5_000, 84 * MB, 100 * MB, 0.1, now, false), "84% is not near on its own");
        assertNotNull(Exhaustion.check(now - 5_000, 84 * MB, 100 * MB, 0.1, now, true), "once near, 84% stays near");
        assertNull(Exhaustion.check(now - 5_000, 79 * MB, 100 * MB, 0.1, now, true), "below 80% it is over");
    }

    @Test
    void nearExhaustionIsSaidAndHoldsTheVerdict() {
        long now = T0 + 300_000;
        assertNull(Exhaustion.check(now - 5_000, 100 * MB, 170 * MB, 0.05, now));
        String full = Exhaustion.check(now - 5_000, 160 * MB, 170 * MB, 0.2, now);
        assertTrue(full.contains("94% full") && full.contains("GC took 20%"), full);
        String collecting = Exhaustion.check(now - 5_000, 100 * MB, 170 * MB, 0.8, now);
        assertTrue(collecting.contains("GC took 80%"), collecting);
        assertNull(Exhaustion.check(now - 120_000, 160 * MB, 170 * MB, 0.1, now), "an old floor says nothing about now");
        assertEquals(LeakVerdict.Level.LIKELY, Exhaustion.hold(LeakVerdict.Level.NONE, LeakVerdict.Level.LIKELY, true));
        assertEquals(LeakVerdict.Level.NONE, Exhaustion.hold(LeakVerdict.Level.NONE, LeakVerdict.Level.LIKELY, false));
    }

    @Test
    void metaspaceThatKeepsGrowingIsALeakOfItsOwnKindWarmUpIsNot() {
        int n = 24;
        long[] t = new long[n];
        long[] leak = new long[n];
        long[] warm = new long[n];
        long[] meta = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = WARM + i * 10_000L;
            leak[i] = 3000 + i * 120L + (i % 3);
            warm[i] = 3000 + Math.min(i, 6) * 300L;
            meta[i] = 20 * MB + i * MB;
        }
        long now = t[n - 1] + 1000;
        MetaspaceTrend.Result leaking = MetaspaceTrend.analyze(t, leak, meta, now, WINDOW, WARM);
        assertEquals(LeakVerdict.Level.LIKELY, leaking.level, leaking.reason);
        assertEquals(720, leaking.classesPerMinute, 20);
        assertEquals(6 * MB, leaking.bytesPerMinute, MB / 2);
        MetaspaceTrend.Result warming = MetaspaceTrend.analyze(t, warm, meta, now, WINDOW, WARM);
        assertEquals(LeakVerdict.Level.NONE, warming.level, warming.reason);
        MetaspaceTrend.Result early = MetaspaceTrend.analyze(new long[] {WARM}, new long[] {3000}, new long[] {MB}, WARM + 1, WINDOW, WARM);
        assertTrue(early.reason.startsWith("not enough samples"), early.reason);
    }

    @Test
    void histogramSpacingShrinksTowardItsFloorOnlyWhileRaisedAndNearExhaustion() {
        assertEquals(120_000, HistogramTracker.pacedInterval(120_000, false, 60_000));
        assertEquals(120_000, HistogramTracker.pacedInterval(120_000, true, -1));
        assertEquals(HistogramTracker.PACED_FLOOR_MILLIS, HistogramTracker.pacedInterval(120_000, true, 0), "projected as already due: the floor");
        assertEquals(21_000, HistogramTracker.pacedInterval(120_000, true, 420_000));
        assertEquals(HistogramTracker.PACED_FLOOR_MILLIS, HistogramTracker.pacedInterval(120_000, true, 60_000));
        assertEquals(10_000, HistogramTracker.pacedInterval(10_000, true, 60_000), "a shorter configured interval is kept");
        assertEquals(120_000, HistogramTracker.pacedInterval(120_000, true, 3_600_000L), "an hour away: the configured interval");
        assertEquals(90_000, HistogramTracker.pacedInterval(120_000, true, 1_800_000L));
    }

    @Test
    void aSuspicionIsHeldUntilHistogramsDecideButNotForEver() {
        LeakVerdict suspicion = promotedRise(512 * MB);
        LeakVerdict held = UpperBound.hold(null, suspicion, T0 + 150_000, 480_000);
        assertEquals(LeakVerdict.UPPER_BOUND, held.signal);
        assertTrue(held.reason.endsWith("(held until live class histograms confirm or clear it)"), held.reason);
        assertEquals(held, UpperBound.hold(null, held, T0 + 160_000, 480_000), "the note is added once");
        assertNull(UpperBound.hold(null, suspicion, T0 + 100_000 + 481_000, 480_000));
        LeakVerdict fresh = UpperBound.hold(suspicion, held, T0 + 150_000, 480_000);
        assertEquals(suspicion, fresh, "a current suspicion wins");
    }

    @Test
    void aSlowRiseOfTheBoundIsCheckedByHistogramsBeforeItIsReported() {
        // A sawtooth's promoted garbage on a 256 MB G1 heap: the bound rose 5 MiB/min for minutes, with no mixed collection.
        long[][] y = young(0, 200_000, 2000, ms -> 80 * MB + ms * 5 * MB / 60_000 + (ms % 6000) * 1000);
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        LeakVerdict pending = UpperBound.analyze(bound[0], bound[1], T0 + 200_000, WINDOW, 256 * MB, WARM);
        assertNotNull(pending);
        assertEquals(LeakVerdict.Level.NONE, pending.level, "not reported on the bound alone");
        assertTrue(UpperBound.wantsHistograms(pending), "but histograms are taken to check it");
        assertTrue(pending.reason.contains("not reported before they do"), pending.reason);
        LeakVerdict cleared = LiveConfirmation.confirm(pending, new long[] {T0 + 150_000, T0 + 270_000}, new long[] {90 * MB, 88 * MB},
                T0 + 270_000, 480_000);
        assertEquals(LeakVerdict.Level.NONE, cleared.level);
        assertTrue(!UpperBound.wantsHistograms(cleared), "cleared: no more histograms");
        LeakVerdict later = LiveConfirmation.confirm(pending, new long[] {T0 + 150_000, T0 + 270_000}, new long[] {90 * MB, 88 * MB},
                T0 + 600_000, 300_000);
        assertTrue(UpperBound.wantsHistograms(later), "histograms out of the look-back no longer clear a rise: new ones are taken");
        long[] ht = {T0 + 20_000, T0 + 40_000, T0 + 60_000, T0 + 80_000, T0 + 100_000, T0 + 120_000};
        long[] hb = {100 * MB, 100 * MB, 100 * MB, 110 * MB, 120 * MB, 130 * MB};
        LeakVerdict newest = LiveConfirmation.confirm(pending, ht, hb, T0 + 121_000, 480_000);
        assertEquals(LeakVerdict.Level.LIKELY, newest.level, "only the newest " + LiveConfirmation.MAX_HISTOGRAMS + " judge: " + newest.reason);
    }

    /** A 512 MiB G1 heap: a young collection every 8 s, the bound rising 73 MiB/min (1 MiB/s leaked plus promoted garbage). */
    static long[][] steepStart(long toMs) {
        return young(30_000, toMs, 8_000, ms -> 60 * MB + (ms - 30_000) * 73 * MB / 60_000);
    }

    /** The early trigger's suspicion on {@link #steepStart}, 55 s after start. */
    static LeakVerdict steepRise() {
        long[][] y = steepStart(54_000);
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        return UpperBound.analyze(bound[0], bound[1], T0 + 55_000, WINDOW, 512 * MB, T0 + 30_000, true);
    }

    @Test
    void youngCollectionsRisingTowardExhaustionStartHistogramsEarly() {
        long[][] y = steepStart(54_000);
        long[][] bound = UpperBound.envelope(y[0], y[1], new long[0], new long[0]);
        long now = T0 + 55_000;
        long warm = T0 + 30_000;
        assertNull(UpperBound.analyze(bound[0], bound[1], now, WINDOW, 512 * MB, warm, false), "four points are too few for the strict rule");
        LeakVerdict v = UpperBound.analyze(bound[0], bound[1], now, WINDOW, 512 * MB, warm, true);
        assertNotNull(v, "rising at every step and out of heap within minutes");
        assertEquals(LeakVerdict.Level.NONE, v.level, "the trigger alone is not reported: " + v.reason);
        assertTrue(UpperBound.wantsHistograms(v));
        assertTrue(v.reason.contains("at each of the last 2 young collections"), v.reason);
        // The same rise on 2 GiB is 26 min from exhaustion: it waits for the strict rule.
        assertNull(UpperBound.analyze(bound[0], bound[1], now, WINDOW, 2048 * MB, warm, true), "not urgent on 2 GiB");
        long[][] dip = young(30_000, 54_000, 8_000, ms -> ms == 54_000 ? 60 * MB : 60 * MB + (ms - 30_000) * 73 * MB / 60_000);
        long[][] dipBound = UpperBound.envelope(dip[0], dip[1], new long[0], new long[0]);
        assertNull(UpperBound.analyze(dipBound[0], dipBound[1], now, WINDOW, 512 * MB, warm, true), "a step down at the newest point is not a rise");
    }

    @Test
    void theEarlyTriggerLooksTenMinutesAheadNotTheVerdictsEight() {
        long now = T0 + 55_000;
        long warm = T0 + 30_000;
        // 50 MiB/min from 80 MiB at 54 s: 8.6 min from exhaustion, so histograms start (they decide with the eight minutes)
        long[][] nine = young(30_000, 54_000, 8_000, ms -> 60 * MB + (ms - 30_000) * 50 * MB / 60_000);
        long[][] nb = UpperBound.envelope(nine[0], nine[1], new long[0], new long[0]);
        LeakVerdict v = UpperBound.analyze(nb[0], nb[1], now, WINDOW, 512 * MB, warm, true);
        assertNotNull(v, "8.6 minutes from exhaustion starts histograms");
        assertTrue(v.reason.contains("within 10.0 min"), v.reason);
        // 40 MiB/min: 10.9 min away
        long[][] eleven = young(30_000, 54_000, 8_000, ms -> 60 * MB + (ms - 30_000) * 40 * MB / 60_000);
        long[][] eb = UpperBound.envelope(eleven[0], eleven[1], new long[0], new long[0]);
        assertNull(UpperBound.analyze(eb[0], eb[1], now, WINDOW, 512 * MB, warm, true), "10.9 minutes away waits for the strict rule");
    }

    @Test
    void afterTheEarlyTriggerTheThirdHistogramDecides() {
        LeakVerdict rise = steepRise();
        long[] ht = {T0 + 56_000, T0 + 76_000, T0 + 96_000};
        LeakVerdict two = LiveConfirmation.confirm(rise, new long[] {ht[0], ht[1]}, new long[] {80 * MB, 100 * MB}, T0 + 77_000, 90_000);
        assertEquals(LeakVerdict.Level.NONE, two.level, "two never raise it: " + two.reason);
        assertTrue(UpperBound.wantsHistograms(two), "the third still comes");
        LeakVerdict flat = LiveConfirmation.confirm(rise, ht, new long[] {80 * MB, 100 * MB, 81 * MB}, T0 + 97_000, 90_000);
        assertEquals(LeakVerdict.Level.NONE, flat.level, flat.reason);
        LeakVerdict third = LiveConfirmation.confirm(rise, ht, new long[] {80 * MB, 100 * MB, 120 * MB}, T0 + 97_000, 90_000);
        assertEquals(LeakVerdict.Level.LIKELY, third.level, third.reason);
        assertEquals(LeakVerdict.LIVE_HISTOGRAMS, third.signal);
        assertEquals(60 * MB, third.growthBytesPerMinute, MB / 10, "the rate is the histograms'");
    }

    @Test
    void aCacheFillingA2GiBHeapIsNotConfirmedWithinAMinute() {
        // The bound rose 265 MiB/min, live data 120 MB/min: 14 min from exhaustion at the live rate.
        long max = 2048 * MB;
        long[][] c = young(30_000, 54_000, 4_000, ms -> 180 * MB + (ms - 30_000) * 265 * MB / 60_000);
        long[][] cb = UpperBound.envelope(c[0], c[1], new long[0], new long[0]);
        LeakVerdict cache = UpperBound.analyze(cb[0], cb[1], T0 + 55_000, WINDOW, max, T0 + 30_000, true);
        assertNotNull(cache, "the bound alone projects exhaustion within minutes");
        long[] ct = {T0 + 56_000, T0 + 76_000, T0 + 96_000, T0 + 116_000};
        long[] cy = {200 * MB, 240 * MB, 280 * MB, 320 * MB};
        LeakVerdict four = LiveConfirmation.confirm(cache, ct, cy, T0 + 117_000, 90_000);
        assertEquals(LeakVerdict.Level.NONE, four.level, "rising at every step, but over 1 min only and 14 min from exhaustion: " + four.reason);
        assertTrue(UpperBound.wantsHistograms(four), four.reason);
    }

    @Test
    void histogramsThatStillRiseAtEveryStepAreCounted() {
        long[] t = {T0, T0 + 20_000, T0 + 40_000, T0 + 60_000, T0 + 80_000};
        long[] rising = {100 * MB, 120 * MB, 140 * MB, 160 * MB, 180 * MB};
        assertEquals(4, LiveConfirmation.risingHistograms(t, rising, T0 + 85_000, 90_000, 512 * MB, WINDOW), "the newest four");
        long[] dip = {100 * MB, 120 * MB, 140 * MB, 139 * MB, 180 * MB};
        assertEquals(0, LiveConfirmation.risingHistograms(t, dip, T0 + 85_000, 90_000, 512 * MB, WINDOW), "one step down");
        assertEquals(0, LiveConfirmation.risingHistograms(t, rising, T0 + 85_000, 30_000, 512 * MB, WINDOW), "two in view");
        long[] creep = {100 * MB, 100 * MB + 1, 100 * MB + 2, 100 * MB + 3, 100 * MB + 4};
        assertEquals(0, LiveConfirmation.risingHistograms(t, creep, T0 + 85_000, 90_000, 512 * MB, WINDOW), "not meaningful");
    }
}
