package io.opsagent.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.diag.ClassHistogram;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Steadily growing classes from successive histograms. */
class HistogramDiffTest {
    /** jcmd's GC.class_histogram text, one row per {instances, bytes, class name}. */
    private static String text(Object[]... rows) {
        StringBuilder t = new StringBuilder(" num     #instances         #bytes  class name (module)\n");
        t.append("-------------------------------------------------------\n");
        int i = 1;
        for (Object[] r : rows) {
            t.append("   ").append(i++).append(":        ").append(r[0]).append("        ").append(r[1]).append("  ").append(r[2]).append("\n");
        }
        return t.append("Total        1        1\n").toString();
    }

    private static Object[] row(long instances, long bytes, String name) {
        return new Object[] {instances, bytes, name};
    }

    private static LiveHistogram histogram(long minute, Object[]... rows) {
        return LiveHistogram.of(ClassHistogram.parse(text(rows), minute * 60_000), minute * 60_000);
    }

    private static LiveHistogram hist(long minute, long leaked, long bytesArrays, long churn) {
        return histogram(minute, row(bytesArrays, bytesArrays * 1000, "[B (java.base@17)"),
                row(leaked, leaked * 24, "io.opsagent.demo.DemoLeakedRecord"), row(churn, churn * 32, "java.util.HashMap$Node (java.base@17)"));
    }

    @Test
    void namesTheSteadilyGrowingClassFirstWithItsRates() {
        List<HistogramDiff.Growing> g = HistogramDiff.growing(Arrays.asList(
                hist(0, 1000, 1100, 500), hist(2, 3000, 3100, 700), hist(4, 5000, 5100, 600)));
        assertEquals(2, g.size());
        assertEquals("io.opsagent.demo.DemoLeakedRecord", g.get(0).className, "named classes rank before arrays");
        assertEquals(1000, g.get(0).instancesPerMinute, 1e-9);
        assertEquals(24_000, g.get(0).bytesPerMinute, 1e-9);
        assertEquals(3, g.get(0).histograms);
        assertEquals("[B", g.get(1).className);
    }

    @Test
    void twoHistogramsAreNotEnough() {
        assertTrue(HistogramDiff.growing(Arrays.asList(hist(0, 1, 1, 1), hist(2, 2, 2, 2))).isEmpty());
    }

    @Test
    void aClassThatShrankOnceIsNotSteady() {
        List<HistogramDiff.Growing> g = HistogramDiff.growing(Arrays.asList(
                hist(0, 1000, 1100, 50_000), hist(2, 900, 3100, 100_000), hist(4, 5000, 5100, 150_000)));
        assertEquals(2, g.size());
        assertEquals("java.util.HashMap$Node", g.get(0).className);
    }

    @Test
    void anArrayThatGrewByAFractionOfTheLiveRiseIsNotListedANamedClassIs() {
        List<HistogramDiff.Growing> g = HistogramDiff.growing(Arrays.asList(
                withLongArrays(hist(0, 1000, 1100, 500), 0, 1), withLongArrays(hist(2, 3000, 3100, 500), 2, 2),
                withLongArrays(hist(4, 5000, 5100, 500), 4, 3)));
        // DemoLeakedRecord: 24 bytes an instance, 1.2% of the 4 MB rise; [J: two arrays of 64 bytes per histogram
        assertEquals(Arrays.asList("io.opsagent.demo.DemoLeakedRecord", "[B"), names(g));
    }

    @Test
    void theAgentsOwnRingsFillingBesideALeakAreNotListedTheLeaksSmallHolderIs() {
        List<HistogramDiff.Growing> g = HistogramDiff.growing(Arrays.asList(ring(0, 0), ring(1, 1), ring(2, 2)));
        // Holder: 16 bytes an instance around 100 KB arrays, 0.02% of the rise, as many instances as [B;
        // the ring's long[]: 2.5% of the instances, 0.0001% of the bytes
        assertEquals(Arrays.asList("com.acme.Holder", "[B"), names(g));
    }

    /** A leak of 100 KB arrays in holders, 600 a minute, beside a ring of GC events adding 15 small long[] a minute. */
    private static LiveHistogram ring(long minute, long step) {
        long leaked = 1000 + 600 * step;
        long entries = 100 + 15 * step;
        return histogram(minute, row(leaked, leaked * 100_016, "[B (java.base@17)"), row(leaked, leaked * 16, "com.acme.Holder"),
                row(entries, entries * 40, "[J (java.base@17)"));
    }

    @Test
    void keptSnapshotsShareTheirClassNames() {
        LiveHistogram a = hist(0, 1, 1, 1);
        LiveHistogram b = hist(2, 2, 2, 2);
        assertEquals(1, a.valueOf("io.opsagent.demo.DemoLeakedRecord")[0]);
        assertEquals(2, b.valueOf("io.opsagent.demo.DemoLeakedRecord")[0]);
        assertEquals(0, b.valueOf("com.acme.Missing")[1], "a class not among the kept rows counts as zero");
    }

    @Test
    void theJvmsFillerObjectsAreNotLiveData() {
        // measured on JDK 25 Serial 512 MiB: the unused rest of each allocation buffer, as filler arrays
        String text = text(row(23850, 46502664, "[B (java.base@25.0.3)"), row(622, 17727384, "[Ljdk.internal.vm.FillerElement; (java.base@25.0.3)"),
                row(1, 16, "jdk.internal.vm.FillerObject (java.base@25.0.3)"), row(1408, 45232, "[I (java.base@25.0.3)"));
        LiveHistogram s = LiveHistogram.of(ClassHistogram.parse(text, 0), 0, true);
        assertEquals(46502664L + 45232L, s.totalBytes);
        assertEquals(0, s.valueOf("[Ljdk.internal.vm.FillerElement;")[1], "never listed as a growing array");
        // before JDK 19 the fillers are int[]: 311 of them held 17.8 MB on JDK 17 Serial 512 MiB
        ClassHistogram.Row ints = ClassHistogram.parse(text(row(311, 17851936, "[I (java.base@17.0.15)")), 0).rows.get(0);
        assertEquals(311 * 4096L, LiveHistogram.liveBytes(ints, false));
        assertEquals(17851936L, LiveHistogram.liveBytes(ints, true));
        ClassHistogram.Row small = ClassHistogram.parse(text(row(1408, 45232, "[I (java.base@17.0.15)")), 0).rows.get(0);
        assertEquals(45232L, LiveHistogram.liveBytes(small, false), "an application's small int[] count in full");
    }

    private static LiveHistogram withLongArrays(LiveHistogram base, long minute, long arrays) {
        List<Object[]> rows = new java.util.ArrayList<Object[]>();
        for (String name : new String[] {"[B", "io.opsagent.demo.DemoLeakedRecord", "java.util.HashMap$Node"}) {
            long[] v = base.valueOf(name);
            rows.add(row(v[0], v[1], name));
        }
        rows.add(row(arrays, arrays * 64, "[J (java.base@17)"));
        return histogram(minute, rows.toArray(new Object[0][]));
    }

    private static List<String> names(List<HistogramDiff.Growing> g) {
        List<String> out = new java.util.ArrayList<String>();
        for (HistogramDiff.Growing one : g) {
            out.add(one.className);
        }
        return out;
    }

    @org.junit.jupiter.api.Test
    void theAgentsOwnClassesAreNotTheApplicationsLeak() {
        assertEquals(true, HistogramDiff.isAgentOwn("io.opsagent.leak.HistogramDiff"), "a class of the agent's own code");
        assertEquals(false, HistogramDiff.isAgentOwn("io.opsagent.demo.DemoLeakedRecord"), "the demo is the application");
        assertEquals(false, HistogramDiff.isAgentOwn("com.acme.Order"));
    }
}
