package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.SideBySide;
import io.opsagent.it.support.TargetJvm;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code /leaks} against real demo workloads on several collectors. Each test runs its JVMs side by
 * side (small heaps, brisk rates, a 60 s window) so the suite stays within a few minutes: a steady
 * leak must be flagged with its rate and class, healthy workloads must never be.
 */
class LeakDetectionTest {
    private static final String WINDOW = "60s";
    /** Working-set turnover makes old-generation collections (and so floors) come every few seconds. */
    private static final String CHURN = "/start/churn?bytesPerSecond=20000000&turnoverPerSecond=15000000";
    private static final long LEAK_BYTES_PER_SECOND = 250_000;
    private static final int RECORD_BYTES = 5_000;
    /** What one DemoLeakedRecord retains beyond its payload: object 24, array header 16, list slot 4 (compressed oops). */
    private static final int RECORD_OVERHEAD = 44;

    private record Gc(String label, Jdks.Jdk jdk, String flag, String heap) {
        @Override
        public String toString() {
            return label + " on JDK " + jdk.feature();
        }
    }

    private static List<Gc> collectors() {
        Jdks.Jdk current = Jdks.current();
        Jdks.Jdk newest = Jdks.newest();
        List<Gc> gcs = new ArrayList<>();
        gcs.add(new Gc("G1", current, "-XX:+UseG1GC", "128m"));
        gcs.add(new Gc("Parallel", current, "-XX:+UseParallelGC", "128m"));
        gcs.add(new Gc("Serial", newest, "-XX:+UseSerialGC", "128m"));
        // ZGC needs headroom: on a tight heap its "after" includes much of what was allocated during the cycle.
        gcs.add(new Gc(newest.feature() >= 21 ? "ZGC (generational)" : "ZGC", newest, "-XX:+UseZGC", "256m"));
        return gcs;
    }

    private static TargetJvm start(Gc gc) throws Exception {
        return TargetJvm.demo(gc.jdk())
                .agentArgs("port=0,leak.window=" + WINDOW + ",leak.histogram.interval=10s")
                .jvmArgs(gc.flag(), "-Xms" + gc.heap(), "-Xmx" + gc.heap())
                .start();
    }

    @Test
    void aSteadyLeakIsFlaggedWithItsRateAndItsClassOnEveryCollector() throws Exception {
        runAll(collectors(), gc -> {
            try (TargetJvm jvm = start(gc)) {
                // Churn first: the JVM's own start-up (classes, strings, the agent) raises the floor for
                // a while, which is not the leak; 20 s later the leak starts on a settled floor.
                jvm.demo(CHURN);
                TargetJvm.sleep(20_000);
                String started = jvm.demo("/start/leak?bytesPerSecond=" + LEAK_BYTES_PER_SECOND + "&recordBytes=" + RECORD_BYTES
                        + "&garbagePerSecond=0");
                assertTrue(started.contains("leaking " + LEAK_BYTES_PER_SECOND), started);
                long t0 = System.nanoTime();
                JsonObject last = null;
                // the bar: the leaking class named within 240 s of the leak's start, on every collector
                while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(235)) {
                    TargetJvm.sleep(5000);
                    HttpResult r = jvm.agent().get("/leaks");
                    assertEquals(200, r.status(), r.text());
                    last = r.json();
                    JsonObject leaked = growing(last, "io.opsagent.demo.DemoLeakedRecord");
                    if (!last.get("verdict").getAsString().equals("none") && leaked != null) {
                        double instancesPerMinute = leaked.get("instancesPerMinute").getAsDouble();
                        double nominalPerMinute = LEAK_BYTES_PER_SECOND * 60.0 / RECORD_BYTES;
                        // The class histograms count records exactly: they give the true retained rate.
                        double trueRate = instancesPerMinute * (RECORD_BYTES + RECORD_OVERHEAD);
                        double measured = last.get("growthBytesPerMinute").getAsDouble();
                        String where = gc + " after " + (System.nanoTime() - t0) / 1_000_000_000 + " s: " + summary(last);
                        System.out.println("[leak-it] " + where + String.format(Locale.ROOT, " true=%.0f B/min error=%+.1f%%",
                                trueRate, 100 * (measured - trueRate) / trueRate));
                        assertEquals(nominalPerMinute, instancesPerMinute, 0.25 * nominalPerMinute, "the demo leaked at its rate; " + where);
                        assertEquals(trueRate, measured, 0.25 * trueRate, "growth rate within 25%; " + where);
                        assertTrue(last.has("projectedExhaustion"), where);
                        assertTrue(last.get("maxBytes").getAsLong() > last.get("floorBytes").getAsLong(), where);
                        assertFalse(last.get("collector").getAsString().isEmpty());
                        return;
                    }
                }
                fail(gc + ": the leak was not flagged with its class in time; last report: " + summary(last));
            }
        });
    }

    @Test
    void churnACachePlateauAndAOneOffStepAreNeverFlagged() throws Exception {
        List<String[]> workloads = List.of(
                new String[] {"churn", CHURN},
                new String[] {"cache", "/start/cache?bytesPerSecond=5000000&maxBytes=20000000&garbagePerSecond=0", CHURN},
                new String[] {"step", "/start/step?bytes=25000000&garbagePerSecond=0", CHURN});
        List<Object[]> runs = new ArrayList<>();
        for (Gc gc : collectors()) {
            if (!gc.label().startsWith("ZGC")) {
                for (String[] w : workloads) {
                    runs.add(new Object[] {gc, w});
                }
            }
        }
        runAll(runs, run -> {
            Gc gc = (Gc) run[0];
            String[] w = (String[]) run[1];
            try (TargetJvm jvm = start(gc)) {
                for (int i = 1; i < w.length; i++) {
                    jvm.demo(w[i]);
                }
                long t0 = System.nanoTime();
                JsonObject last = null;
                int polls = 0;
                while (System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(125)) {
                    TargetJvm.sleep(5000);
                    last = jvm.agent().get("/leaks").json();
                    polls++;
                    assertEquals("none", last.get("verdict").getAsString(), w[0] + " on " + gc + " was flagged after "
                            + (System.nanoTime() - t0) / 1_000_000_000 + " s: " + summary(last));
                }
                System.out.println("[leak-it] " + w[0] + " on " + gc + ": " + polls + " polls, all none; last " + summary(last));
                assertTrue(last.get("samples").getAsInt() >= 6, w[0] + " on " + gc
                        + ": the window must hold enough floors for the verdict to mean something: " + summary(last));
                assertFalse(last.get("reason").getAsString().startsWith("not enough"), summary(last));
                assertFalse(last.has("projectedExhaustion"), summary(last));
                assertTrue(last.getAsJsonArray("growingClasses").isEmpty(), "no histograms while nothing is suspected");
            }
        });
    }

    @Test
    void freshJvmHistogramOnRequestAndMetrics() throws Exception {
        String monitor = "monitor-token-0123456789abcdef";
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current())
                .agentArgs("port=0,leak.histogram.interval=10m,monitor.token=" + monitor).jvmArgs("-Xmx64m").start()) {
            JsonObject fresh = jvm.agent().get("/leaks").json();
            assertEquals("none", fresh.get("verdict").getAsString());
            assertTrue(fresh.get("reason").getAsString().startsWith("not enough GC data yet"), fresh.toString());
            assertEquals("30m", fresh.get("window").getAsString());
            assertFalse(fresh.has("projectedExhaustion"));

            HttpResult asMonitor = jvm.anonymous().withToken(monitor).get("/leaks?histogram=true");
            assertEquals(403, asMonitor.status(), "a live histogram is a full GC: operator only");
            assertEquals(200, jvm.anonymous().withToken(monitor).get("/leaks").status());

            HttpResult first = jvm.agent().get("/leaks?histogram=true");
            assertEquals(200, first.status(), first.text());
            assertEquals(1, first.json().getAsJsonObject("histograms").get("taken").getAsInt());
            assertTrue(first.json().get("reason").getAsString().contains("first minute are ignored"), first.text());
            HttpResult again = jvm.agent().get("/leaks?histogram=true");
            assertEquals(429, again.status(), "at most one per leak.histogram.interval");
            assertTrue(Long.parseLong(again.header("Retry-After")) > 500, again.header("Retry-After"));
            assertEquals(400, jvm.agent().get("/leaks?histogram=maybe").status());

            String metrics = jvm.agent().get("/metrics").text();
            assertTrue(metrics.contains("\nopsagent_leak_verdict 0\n"), metrics);
            assertTrue(metrics.contains("\nopsagent_leak_growth_bytes_per_minute 0\n"), metrics);
        }
    }

    private interface Check<T> extends SideBySide.Check<T> {
    }

    private static <T> void runAll(List<T> items, Check<T> check) throws Exception {
        SideBySide.runAll(items, 0, 240, check);
    }

    /** The entry for {@code className} in the report's growingClasses, or null. */
    static JsonObject growing(JsonObject report, String className) {
        for (JsonElement e : report.getAsJsonArray("growingClasses")) {
            if (e.getAsJsonObject().get("className").getAsString().equals(className)) {
                return e.getAsJsonObject();
            }
        }
        return null;
    }

    private static String summary(JsonObject r) {
        if (r == null) {
            return "(none)";
        }
        StringBuilder classes = new StringBuilder();
        for (JsonElement e : r.getAsJsonArray("growingClasses")) {
            classes.append(e.getAsJsonObject().get("className").getAsString()).append(' ');
        }
        return r.get("verdict").getAsString() + ", " + r.get("growthBytesPerMinute").getAsLong() + " B/min, samples "
                + r.get("samples").getAsInt() + ", floor " + r.get("floorBytes").getAsLong() + ", classes [" + classes.toString().trim()
                + "], " + r.get("collector").getAsString() + ": " + r.get("reason").getAsString();
    }
}
