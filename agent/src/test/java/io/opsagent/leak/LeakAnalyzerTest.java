package io.opsagent.leak;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The verdict on synthetic floor series with known answers. */
class LeakAnalyzerTest {
    static final long MB = 1L << 20;
    static final long MIN = 60_000;
    static final long MAX = 512 * MB;
    static final long WINDOW = 30 * MIN;
    static final long T0 = 1_700_000_000_000L;

    /** n floors evenly over the window ending at now, values from f(elapsed ms). */
    static LeakVerdict run(int n, LongUnaryOperator f) {
        long[] t = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * (WINDOW - MIN) / (n - 1);
            y[i] = f.applyAsLong(t[i] - T0);
        }
        return LeakAnalyzer.analyze(t, y, t[n - 1] + 1000, WINDOW, MAX, -1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void linearGrowthWithNoiseIsLikelyWithTheRightRate(int seed) {
        Random r = new Random(seed);
        long perMin = 2 * MB;
        LeakVerdict v = run(60, ms -> 100 * MB + perMin * ms / MIN + (long) (r.nextGaussian() * 3 * MB));
        assertEquals(LeakVerdict.Level.LIKELY, v.level, v.reason);
        assertEquals(perMin, v.growthBytesPerMinute, perMin * 0.15, v.reason);
        assertTrue(v.growthLowBytesPerMinute <= perMin && perMin <= v.growthHighBytesPerMinute, "the 95% range holds the true rate");
        assertTrue(v.exhaustionMillis > 0 && v.exhaustionEarliestMillis <= v.exhaustionMillis, "projected exhaustion");
        assertTrue(v.confidence > 0.99);
    }

    @Test
    void g1FullCollectionFloorsAreNotMixedWithMixedPhaseFloors() {
        // A real series (G1, JDK 17, -Xmx128m, a 250 KB/s leak, window 60 s, histograms every 10 s once
        // suspected): mixed-phase floors, and three full GCs caused by our histograms, 10 MB lower.
        // The class histograms put the true rate at 15.07 MB/min.
        long[] ms = {0, 4120, 8200, 12080, 16241, 20164, 23881, 27580, 31460, 35200, 36605, 41221, 44639, 46491, 50400, 53680, 56489};
        long[] kib = {46255, 46891, 48247, 48648, 49769, 50979, 50784, 52246, 54880, 52926, 43495, 55931, 55903, 46045, 56566, 57443,
            48821};
        long[] t = new long[ms.length];
        long[] y = new long[ms.length];
        boolean[] whole = new boolean[ms.length];
        for (int i = 0; i < ms.length; i++) {
            t[i] = T0 + ms[i];
            y[i] = kib[i] * 1024;
            whole[i] = i == 10 || i == 13 || i == 16;
        }
        long now = t[t.length - 1] + 3000;
        double trueRate = 15_070_000;
        LeakVerdict mixedUp = LeakAnalyzer.analyze(t, y, now, MIN, 128 * MB, -1);
        assertTrue(mixedUp.growthBytesPerMinute < 0.85 * trueRate, "the bias this guards against: " + mixedUp.growthBytesPerMinute);

        long[][] s = LeakAnalyzer.oneKind(t, y, whole, now - MIN);
        assertEquals(ms.length - 3, s[0].length, "too few full-GC floors yet: the mixed ones only");
        LeakVerdict v = LeakAnalyzer.analyze(s[0], s[1], now, MIN, 128 * MB, -1);
        // The mixed floors alone still read low here (-13%): skipped regions hold less garbage as the
        // heap fills. Mixing in the full-GC floors made it -19% and only "suspected".
        assertEquals(trueRate, v.growthBytesPerMinute, 0.15 * trueRate, v.reason);
        assertTrue(v.level != LeakVerdict.Level.NONE, v.reason);

        boolean[] mostlyWhole = new boolean[ms.length];
        for (int i = 0; i < ms.length; i++) {
            mostlyWhole[i] = i % 5 != 0;
        }
        long[][] exact = LeakAnalyzer.oneKind(t, y, mostlyWhole, now - MIN);
        assertEquals(ms.length - 4, exact[0].length, "enough full-GC floors: those only");
        assertEquals(y[1], exact[1][0]);

        boolean[] allWhole = new boolean[ms.length];
        java.util.Arrays.fill(allWhole, true);
        assertArrayEquals(t, LeakAnalyzer.oneKind(t, y, allWhole, now - MIN)[0], "one kind: untouched");
    }

    @Test
    void aSteepRiseOverLessThanTheMinimumSpanIsRaisedOnlyByUrgencyAndMarkedShort() {
        // A 2m window needs 60 s of floors; a rise that exhausts the heap within minutes is let through at 30 s.
        LeakVerdict shortRamp = steepRamp(35_000);
        assertEquals(LeakVerdict.Level.LIKELY, shortRamp.level, shortRamp.reason);
        assertTrue(LeakAnalyzer.shortSpan(shortRamp), "35 s of a 2m window: only urgency raised it");
        assertFalse(LeakAnalyzer.shortSpan(shortRamp.with(LeakVerdict.Level.NONE, "cleared", LeakVerdict.FLOORS)), "nothing to hold at none");
        LeakVerdict longRamp = steepRamp(70_000);
        assertEquals(LeakVerdict.Level.LIKELY, longRamp.level, longRamp.reason);
        assertFalse(LeakAnalyzer.shortSpan(longRamp), "70 s is past the 60 s a 2m window needs");
        LeakVerdict held = shortRamp.heldForHistograms("held");
        assertEquals(LeakVerdict.Level.NONE, held.level);
        assertTrue(UpperBound.wantsHistograms(held), "a held rise still takes histograms");
        assertFalse(UpperBound.wantsHistograms(held.with(LeakVerdict.Level.NONE, "cleared", LeakVerdict.FLOORS)));
    }

    /** 20 floors rising by 100 MB/min over {@code spanMillis} on a 256 MB heap, 2m window. */
    private static LeakVerdict steepRamp(long spanMillis) {
        int n = 20;
        long[] t = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * spanMillis / (n - 1);
            y[i] = 40 * MB + 100 * MB * (t[i] - T0) / MIN;
        }
        return LeakAnalyzer.analyze(t, y, t[n - 1] + 1000, 2 * MIN, 256 * MB, -1);
    }

    @Test
    void liveHistogramsGiveTheRateWhenFloorsIncludeGarbage() {
        // ZGC-like: floors rise 25% faster than the live data; three live totals rise at the true rate.
        long perMin = 2 * MB;
        LeakVerdict floors = run(60, ms -> 100 * MB + perMin * 5 / 4 * ms / MIN);
        assertEquals(LeakVerdict.Level.LIKELY, floors.level, floors.reason);
        long now = floors.times[floors.times.length - 1] + 1000;
        long[] t = {now - 5 * MIN, now - 3 * MIN, now - MIN};
        long[] live = {90 * MB, 90 * MB + 2 * perMin, 90 * MB + 4 * perMin};

        LeakVerdict v = LeakAnalyzer.withLiveRate(floors, t, live, now, 0);
        assertEquals(perMin, v.growthBytesPerMinute, 1.0, v.reason);
        assertEquals(LeakVerdict.Level.LIKELY, v.level);
        assertTrue(v.reason.contains("the rate, 2.0 MiB/min, is from 3 live class histograms"), v.reason);
        assertTrue(v.exhaustionMillis > floors.exhaustionMillis, "a slower rate projects a later exhaustion");

        long[] two = {t[1], t[2]};
        LeakVerdict fromTwo = LeakAnalyzer.withLiveRate(floors, two, new long[] {live[1], live[2]}, now, 0);
        assertEquals(perMin, fromTwo.growthBytesPerMinute, 1.0, "two histograms give the rate: " + fromTwo.reason);
        assertTrue(fromTwo.growthLowBytesPerMinute <= perMin && fromTwo.growthHighBytesPerMinute >= floors.growthHighBytesPerMinute,
                "one pairwise slope has no spread: the range spans the floors' and the histograms' rates");
        LeakVerdict held = floors.with(floors.level, "held", LeakVerdict.LIVE_HISTOGRAMS);
        assertEquals(LeakVerdict.LIVE_HISTOGRAMS, LeakAnalyzer.withLiveRate(held, t, live, now, 0).signal, "the signal stays");
        long[] one = {t[2]};
        assertEquals(floors.growthBytesPerMinute, LeakAnalyzer.withLiveRate(floors, one, new long[] {live[2]}, now, 0)
                .growthBytesPerMinute, "one histogram has no slope: the floors' rate stands");
        long[] flat = {90 * MB, 90 * MB, 90 * MB};
        assertEquals(floors.growthBytesPerMinute, LeakAnalyzer.withLiveRate(floors, t, flat, now, 0).growthBytesPerMinute);
        long[] older = {now - 40 * MIN, now - 38 * MIN, now - 36 * MIN};
        assertEquals(floors.growthBytesPerMinute, LeakAnalyzer.withLiveRate(floors, older, live, now, 0).growthBytesPerMinute,
                "histograms older than the window and the look-back are not used");
        assertEquals(perMin, LeakAnalyzer.withLiveRate(floors, older, live, now, 45 * MIN).growthBytesPerMinute, 1.0,
                "kept histograms within the look-back are");
        LeakVerdict none = run(60, ms -> 100 * MB);
        assertEquals(none, LeakAnalyzer.withLiveRate(none, t, live, now, 0), "never raises a verdict on its own");
    }

    @Test
    void floorsThatComeFasterAsTheHeapFillsStillGiveTheRate() {
        // Parallel/Serial: full GCs come more often as the leak fills the old generation.
        int n = 12;
        long[] t = new long[n];
        long[] y = new long[n];
        long at = 0;
        for (int i = 0; i < n; i++) {
            at += 20_000 - i * 1500;
            t[i] = T0 + at;
            y[i] = 20 * MB + 30 * MB * at / MIN;
        }
        LeakVerdict v = LeakAnalyzer.analyze(t, y, t[n - 1], 2 * MIN + at, MAX, -1);
        assertEquals(LeakVerdict.Level.LIKELY, v.level, v.reason);
        assertEquals(30 * MB, v.growthBytesPerMinute, MB);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void sawtoothIsNone(int seed) {
        Random r = new Random(seed);
        LeakVerdict v = run(60, ms -> 150 * MB + (ms % (5 * MIN)) * 40 * MB / (5 * MIN) + (long) (r.nextGaussian() * MB));
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
        assertEquals(-1, v.exhaustionMillis, "no projection when not growing");
    }

    @Test
    void aRecordedZgcSawtoothWithTwoTeethInTheWindowIsNone() {
        // ZGC 256 MiB, LeakProbe sawtooth 40 MB over 30 s, JDK 17: floors (s, MB) from 56 s to 120 s, polled at 126 s,
        // which read suspected (p = 0.0007) before the newest floors had to stay above the window's start.
        int[][] floors = {{56, 35}, {57, 45}, {59, 45}, {61, 45}, {63, 51}, {64, 54}, {66, 56}, {67, 58}, {68, 60}, {69, 62}, {71, 68}, {72, 68}, {74, 68},
            {75, 70}, {76, 77}, {78, 76}, {80, 79}, {82, 79}, {83, 83}, {84, 87}, {85, 89}, {87, 39}, {88, 45}, {89, 45},
            {91, 47}, {92, 49}, {94, 51}, {95, 58}, {96, 56}, {97, 60}, {99, 58}, {100, 64}, {102, 62}, {103, 66}, {104, 70},
            {105, 70}, {106, 77}, {108, 75}, {109, 79}, {110, 81}, {112, 81}, {113, 89}, {114, 85}, {115, 91}, {116, 39},
            {118, 41}, {120, 45}};
        LeakVerdict v = recordedZgcSawtooth(floors, T0 + 126_000);
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
        assertTrue(v.reason.contains("not lately"), v.reason);
    }

    @Test
    void aRecordedZgcSawtoothWithThreeTeethEndingAtATopIsNone() {
        // The same run at 151 s: three teeth in the window, the newest at its top; every other test passed (p = 0.0002).
        int[][] floors = {{771, 91}, {772, 37}, {773, 43}, {774, 43}, {776, 45}, {777, 50}, {778, 49}, {779, 49}, {780, 53},
            {781, 54}, {783, 56}, {784, 56}, {785, 64}, {786, 62}, {787, 64}, {788, 68}, {789, 72}, {792, 70}, {794, 75}, {796, 79},
            {797, 85}, {798, 85}, {800, 87}, {801, 91}, {802, 87}, {803, 39}, {804, 45}, {805, 43}, {806, 47}, {807, 46}, {813, 53},
            {817, 60}, {820, 68}, {822, 75}, {823, 75}, {824, 77}, {825, 81}, {826, 79}, {828, 85}, {829, 85}, {830, 87}, {831, 87},
            {832, 89}, {833, 37}, {834, 45}, {835, 43}, {836, 47}, {837, 49}, {838, 52}, {839, 54}, {840, 54}, {841, 56}, {842, 56},
            {844, 62}, {845, 62}, {846, 62}, {847, 62}, {848, 68}, {849, 70}, {850, 68}, {851, 73}, {852, 75}, {853, 79}, {854, 77},
            {855, 81}, {856, 81}, {857, 85}, {858, 83}, {860, 85}, {861, 87}};
        LeakVerdict v = recordedZgcSawtooth(floors, T0 + 862_000);
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
        assertTrue(v.reason.contains("not lately"), v.reason);
    }

    /** {seconds, MB} floors of the ZGC 256 MiB sawtooth run, analysed at {@code now} with its 2m window. */
    private static LeakVerdict recordedZgcSawtooth(int[][] floors, long now) {
        long[] t = new long[floors.length];
        long[] y = new long[floors.length];
        for (int i = 0; i < floors.length; i++) {
            t[i] = T0 + floors[i][0] * 1000L;
            y[i] = floors[i][1] * MB;
        }
        return LeakAnalyzer.analyze(t, y, now, 2 * MIN, 256 * MB, -1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void cacheWarmingToAPlateauIsNone(int seed) {
        Random r = new Random(seed);
        LeakVerdict v = run(60, ms -> 80 * MB + Math.min(ms, 12 * MIN) * 5 * MB / MIN + (long) (r.nextGaussian() * MB));
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void oneOffStepIsNone(int seed) {
        Random r = new Random(seed);
        for (long stepAt = 3 * MIN; stepAt < WINDOW; stepAt += 4 * MIN) {
            long s = stepAt;
            LeakVerdict v = run(60, ms -> 100 * MB + (ms >= s ? 60 * MB : 0) + (long) (r.nextGaussian() * MB));
            assertEquals(LeakVerdict.Level.NONE, v.level, "step at " + stepAt / MIN + " min: " + v.reason);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void loadBurstsAreNone(int seed) {
        Random r = new Random(seed);
        LeakVerdict v = run(60, ms -> 100 * MB + (r.nextInt(6) == 0 ? 40 * MB + r.nextInt(40) * MB : 0) + (long) (r.nextGaussian() * MB));
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
    }

    @Test
    void flatWithNoiseIsNone() {
        Random r = new Random(42);
        LeakVerdict v = run(100, ms -> 100 * MB + (long) (r.nextGaussian() * 2 * MB));
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
    }

    @Test
    void tinyGrowthAgainstALargeLimitIsNone() {
        LeakVerdict v = run(60, ms -> 100 * MB + ms / 100);
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
        assertTrue(v.reason.contains("under 3% of the limit"), v.reason);
    }

    /** Floors measured on a churning Parallel heap (-Xmx128m, 60 s window): KB creep plus one working-set jump. */
    @Test
    void churnCreepWithAWorkingSetJumpIsNone() {
        double[] mb = {23.31, 23.32, 23.33, 23.34, 23.76, 23.77, 23.78, 24.22, 24.23, 24.24, 24.25};
        long[] t = new long[mb.length];
        long[] y = new long[mb.length];
        for (int i = 0; i < mb.length; i++) {
            t[i] = T0 + i * 4_500L;
            y[i] = (long) (mb[i] * 1_000_000);
        }
        LeakVerdict v = LeakAnalyzer.analyze(t, y, t[mb.length - 1], MIN, 89 * MB, -1);
        assertEquals(LeakVerdict.Level.NONE, v.level, v.reason);
        assertTrue(v.reason.contains("under 3% of the limit"), v.reason);
    }

    @Test
    void tooShortSaysHowLongUntilThereIsData() {
        long[] t = {T0, T0 + 20_000, T0 + 40_000};
        long[] y = {100 * MB, 110 * MB, 120 * MB};
        LeakVerdict v = LeakAnalyzer.analyze(t, y, T0 + 45_000, WINDOW, MAX, -1);
        assertEquals(LeakVerdict.Level.NONE, v.level);
        assertTrue(v.reason.startsWith("not enough GC data yet"), v.reason);
        // 3 more floors at one per 20 s = 60 s, but two minutes of span are needed: 80 s more.
        assertEquals(80_000, v.dataEtaMillis);
        assertTrue(v.reason.contains("about 1.3 min more"), v.reason);
        assertEquals(0, v.growthBytesPerMinute);
        assertEquals(-1, v.exhaustionMillis);
    }

    @Test
    void floorsFromTheWarmUpAreIgnored() {
        long[] t = new long[20];
        long[] y = new long[20];
        for (int i = 0; i < 20; i++) {
            t[i] = T0 + i * 5_000L;
            y[i] = 10 * MB + i * MB;
        }
        LeakVerdict v = LeakAnalyzer.analyze(t, y, T0 + 100_000, WINDOW, MAX, -1, T0 + 60_000);
        assertEquals(8, v.samples(), "only floors after the warm-up");
        assertTrue(v.reason.contains("first minute are ignored"), v.reason);
    }

    @Test
    void noFloorsAtAllUsesTheHintOrSaysUnknown() {
        LeakVerdict unknown = LeakAnalyzer.analyze(new long[0], new long[0], T0, WINDOW, MAX, -1);
        assertTrue(unknown.reason.contains("unknown"), unknown.reason);
        assertEquals(-1, unknown.floorBytes());
        LeakVerdict hinted = LeakAnalyzer.analyze(new long[0], new long[0], T0, WINDOW, MAX, 30_000);
        assertEquals(180_000, hinted.dataEtaMillis, hinted.reason);
    }

    @Test
    void aClockJumpBackwardDropsTheSamplesThatCannotBePlaced() {
        int n = 40;
        long[] t = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * 30_000L - (i >= 20 && i < 25 ? 3_600_000L : 0);
            y[i] = 100 * MB + i * MB;
        }
        LeakVerdict v = LeakAnalyzer.analyze(t, y, t[n - 1] + 1, WINDOW, MAX, -1);
        assertEquals(35, v.samples(), "the five samples that jumped back are dropped");
        assertEquals(LeakVerdict.Level.LIKELY, v.level, v.reason);
        assertEquals(2 * MB, v.growthBytesPerMinute, MB / 10);
    }

    @Test
    void aClockJumpForwardLeavesTooLittleInTheWindowRatherThanAFalseSlope() {
        int n = 40;
        long[] t = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * 30_000L + (i >= 37 ? 3_600_000L : 0);
            y[i] = 100 * MB;
        }
        LeakVerdict v = LeakAnalyzer.analyze(t, y, t[n - 1] + 1, WINDOW, MAX, -1);
        assertEquals(LeakVerdict.Level.NONE, v.level);
        assertTrue(v.reason.startsWith("not enough GC data yet"), v.reason);
    }

    @Test
    void aLongSeriesIsThinnedAndStillRight() {
        LeakVerdict v = run(2000, ms -> 50 * MB + 4 * MB * ms / MIN);
        assertEquals(LeakAnalyzer.MAX_POINTS, v.samples());
        assertEquals(LeakVerdict.Level.LIKELY, v.level, v.reason);
        assertEquals(4 * MB, v.growthBytesPerMinute, MB / 100);
    }
}
