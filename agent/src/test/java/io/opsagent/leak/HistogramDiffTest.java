package io.opsagent.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.diag.ClassHistogram;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Steadily growing classes from successive histograms. */
class HistogramDiffTest {
    private static HistogramDiff.Snapshot hist(long minute, long leaked, long bytesArrays, long churn) {
        String text = " num     #instances         #bytes  class name (module)\n"
                + "-------------------------------------------------------\n"
                + "   1:        " + bytesArrays + "        " + bytesArrays * 1000 + "  [B (java.base@17)\n"
                + "   2:        " + leaked + "        " + leaked * 24 + "  io.opsagent.demo.DemoLeakedRecord\n"
                + "   3:        " + churn + "        " + churn * 32 + "  java.util.HashMap$Node (java.base@17)\n"
                + "Total        1        1\n";
        return HistogramDiff.Snapshot.of(ClassHistogram.parse(text, minute * 60_000), minute * 60_000);
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
    void aClassThatGrewByAFractionOfTheLiveRiseIsNotListed() {
        // the agent's own kept histograms grow a few KB of nodes per histogram beside a leak of MB
        List<HistogramDiff.Growing> g = HistogramDiff.growing(Arrays.asList(
                hist(0, 1000, 1100, 500), hist(2, 3000, 3100, 600), hist(4, 5000, 5100, 700)));
        assertEquals(Arrays.asList("io.opsagent.demo.DemoLeakedRecord", "[B"), Arrays.asList(g.get(0).className, g.get(1).className));
        assertEquals(2, g.size(), "HashMap$Node grew 6.4 KB of a 4 MB rise");
    }

    @org.junit.jupiter.api.Test
    void theAgentsOwnClassesAreNotTheApplicationsLeak() {
        assertEquals(true, HistogramDiff.isAgentOwn("io.opsagent.leak.HistogramDiff"), "a class of the agent's own code");
        assertEquals(false, HistogramDiff.isAgentOwn("io.opsagent.demo.DemoLeakedRecord"), "the demo is the application");
        assertEquals(false, HistogramDiff.isAgentOwn("com.acme.Order"));
    }
}
