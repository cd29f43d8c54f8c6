package io.opsagent.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.opsagent.gc.GcEvent;
import io.opsagent.util.Json;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sampler on this very JVM, the ring's bound and order, and the columns the page draws from. */
class JvmSamplingTest {
    @Test
    void aSampleReadsThisJvm() {
        JvmSampler sampler = new JvmSampler();
        JvmSample s = sampler.sample();
        assertTrue(s.heapUsed > 0 && s.heapCommitted >= s.heapUsed, s.heapUsed + " of " + s.heapCommitted);
        assertEquals(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax(), s.heapMax);
        assertEquals(ManagementFactory.getMemoryPoolMXBeans().size(), s.poolNames.length);
        assertEquals(ManagementFactory.getGarbageCollectorMXBeans().size(), s.gcNames.length);
        int live = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue(Math.abs(s.threads() - live) <= 2, s.threads() + " threads by state, " + live + " live");
        assertTrue(s.threadStates[Thread.State.RUNNABLE.ordinal()] >= 1, "this thread runs");
        assertTrue(s.loadedClasses > 100, "classes " + s.loadedClasses);
        assertTrue(s.processCpu == -1 || s.processCpu >= 0 && s.processCpu <= 1, "cpu " + s.processCpu);
    }

    @Test
    void cpuIsMeasuredBetweenSamplesAndSeesABusyThread() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        JvmSampler sampler = new JvmSampler();
        sampler.sample();
        long wallStart = System.nanoTime();
        // Burn 300 ms of this thread's own CPU (bounded by 20 s of wall time), however busy the machine is.
        long cpuStart = threads.getCurrentThreadCpuTime();
        long x = 0;
        while (threads.getCurrentThreadCpuTime() - cpuStart < 300_000_000L && System.nanoTime() - wallStart < 20_000_000_000L) {
            for (int i = 0; i < 100_000; i++) {
                x += Long.numberOfTrailingZeros(x + i);
            }
        }
        double burnt = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        JvmSample s = sampler.sample();
        double wall = (System.nanoTime() - wallStart) / 1e9;
        int cpus = Runtime.getRuntime().availableProcessors();
        // The sample is a share of all processors over its interval: back to CPU seconds, it holds at least what this thread burnt.
        double seen = s.processCpu * wall * cpus;
        assertTrue(s.processCpu <= 1 && seen >= 0.8 * burnt,
                "cpu share " + s.processCpu + " over " + wall + " s on " + cpus + " processors = " + seen + " s; this thread burnt " + burnt + " s (" + x + ")");
    }

    @Test
    void theLongestCollectionIsReportedOnceThenReset() {
        JvmSampler sampler = new JvmSampler();
        String gc = ManagementFactory.getGarbageCollectorMXBeans().get(0).getName();
        sampler.sample();
        sampler.collected(event(gc, 7));
        sampler.collected(event(gc, 42));
        sampler.collected(event(gc, 3));
        sampler.collected(event("no such collector", 999));
        JvmSample s = sampler.sample();
        assertTrue(s.gcLongestMillis[0] >= 42, "the longest of 7, 42 and 3 ms (or a real, longer one): " + s.gcLongestMillis[0]);
        sampler.collected(event(gc, 5));
        assertTrue(sampler.sample().gcLongestMillis[0] >= 5);
    }

    @Test
    void theRingKeepsTheNewestSamplesInOrder() {
        SampleRing ring = new SampleRing(3);
        JvmSampler sampler = new JvmSampler();
        JvmSample template = sampler.sample();
        for (int t = 1; t <= 5; t++) {
            ring.add(at(template, t * 1000L));
        }
        List<JvmSample> all = ring.since(0);
        assertEquals(Arrays.asList(3000L, 4000L, 5000L), times(all));
        assertEquals(Collections.singletonList(5000L), times(ring.since(4000)));
        assertEquals(Collections.<Long>emptyList(), times(ring.since(5000)));
    }

    @Test
    void columnsHoldOneValuePerSampleAndNullWhereAPoolWasMissing() {
        JvmSampler sampler = new JvmSampler();
        JvmSample a = sampler.sample();
        // A sample from a JVM with one pool fewer: its column gets a null, the others stay aligned.
        String[] fewer = Arrays.copyOf(a.poolNames, a.poolNames.length - 1);
        long[][] pools = {Arrays.copyOf(a.poolUsed, fewer.length), Arrays.copyOf(a.poolCommitted, fewer.length),
                Arrays.copyOf(a.poolMax, fewer.length)};
        JvmSample b = new JvmSample(a.timeMillis + 2000, new long[] {1, 2, 3}, new long[] {4, 5}, fewer,
                Arrays.copyOf(a.poolIsHeap, fewer.length), pools, a.gcNames,
                new long[][] {a.gcCount, a.gcTimeMillis, a.gcLongestMillis}, a.threadStates, a.daemonThreads, 0.5, -1,
                a.loadedClasses, a.unloadedClasses, 10);
        JsonObject j = JsonParser.parseString(Json.toJson(SeriesJson.render(Arrays.asList(a, b), 2000, 300, b.timeMillis)))
                .getAsJsonObject();
        assertEquals(2, j.getAsJsonArray("time").size());
        assertEquals(3, j.getAsJsonObject("heap").getAsJsonArray("max").get(1).getAsLong());
        JsonArray poolList = j.getAsJsonArray("pools");
        assertEquals(a.poolNames.length, poolList.size());
        JsonObject dropped = poolList.get(poolList.size() - 1).getAsJsonObject();
        assertEquals(a.poolNames[a.poolNames.length - 1], dropped.get("name").getAsString());
        assertEquals(a.poolUsed[a.poolNames.length - 1], dropped.getAsJsonArray("used").get(0).getAsLong());
        assertTrue(dropped.getAsJsonArray("used").get(1).isJsonNull());
        assertEquals(0.5, j.getAsJsonObject("cpu").getAsJsonArray("process").get(1).getAsDouble(), 1e-9);
        assertEquals(-1, j.getAsJsonObject("cpu").getAsJsonArray("system").get(1).getAsDouble(), 1e-9);
        for (Thread.State st : Thread.State.values()) {
            assertEquals(2, j.getAsJsonObject("threads").getAsJsonArray(st.name()).size(), st.name());
        }
    }

    private static JvmSample at(JvmSample s, long time) {
        return new JvmSample(time, new long[] {s.heapUsed, s.heapCommitted, s.heapMax}, new long[] {s.nonHeapUsed, s.nonHeapCommitted},
                s.poolNames, s.poolIsHeap, new long[][] {s.poolUsed, s.poolCommitted, s.poolMax}, s.gcNames,
                new long[][] {s.gcCount, s.gcTimeMillis, s.gcLongestMillis}, s.threadStates, s.daemonThreads, s.processCpu,
                s.systemCpu, s.loadedClasses, s.unloadedClasses, s.costMicros);
    }

    private static List<Long> times(List<JvmSample> samples) {
        Long[] t = new Long[samples.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = samples.get(i).timeMillis;
        }
        return Arrays.asList(t);
    }

    private static GcEvent event(String collector, long millis) {
        return new GcEvent(1, collector, "end of minor GC", "test", System.currentTimeMillis(), millis,
                Collections.<String, GcEvent.Pool>emptyMap());
    }
}
