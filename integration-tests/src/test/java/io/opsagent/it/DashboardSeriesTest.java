package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code GET /dashboard/series} on every installed JDK: a sample exists the moment the agent is up, more follow
 * every 2 s, {@code since} returns only newer ones, and the values agree with what the JVM was started with.
 */
class DashboardSeriesTest {
    private static final String MONITOR_TOKEN = "monitor-token-for-the-dashboard";

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void samplesFromTheFirstSecondOnEveryJdk(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0,monitor.token=" + MONITOR_TOKEN)
                .jvmArgs("-XX:+UseSerialGC", "-Xms96m", "-Xmx96m").start()) {
            AgentClient monitor = jvm.agent().withToken(MONITOR_TOKEN);
            JsonObject first = monitor.get("/dashboard/series").json();
            JsonArray times = first.getAsJsonArray("time");
            assertTrue(times.size() >= 1, "a sample as soon as the agent serves: " + first);
            assertEquals(2000, first.get("intervalMillis").getAsLong());
            long max = first.getAsJsonObject("heap").getAsJsonArray("max").get(0).getAsLong();
            // Serial GC reports -Xmx less one survivor space: the JVM's own figure, not ours to round.
            assertTrue(max <= 96L << 20 && max > 0.85 * (96L << 20), "-Xmx96m: " + max);
            Set<String> pools = names(first.getAsJsonArray("pools"));
            assertTrue(pools.contains("Tenured Gen") && pools.contains("Eden Space") && pools.contains("Metaspace"), pools.toString());
            Set<String> collectors = names(first.getAsJsonArray("gc"));
            assertEquals(Set.of("Copy", "MarkSweepCompact"), collectors);

            TargetJvm.sleep(4500);
            long last = times.get(times.size() - 1).getAsLong();
            JsonObject newer = monitor.get("/dashboard/series?since=" + last).json();
            JsonArray newTimes = newer.getAsJsonArray("time");
            assertTrue(newTimes.size() >= 1 && newTimes.size() <= 3, "two or so new samples in 4.5 s: " + newTimes);
            assertTrue(newTimes.get(0).getAsLong() > last, newTimes + " after " + last);
            for (JsonElement cpu : newer.getAsJsonObject("cpu").getAsJsonArray("process")) {
                assertTrue(cpu.getAsDouble() >= 0 && cpu.getAsDouble() <= 1, "process CPU on " + jdk + ": " + newer.get("cpu"));
            }
            JsonObject threads = newer.getAsJsonObject("threads");
            assertTrue(threads.getAsJsonArray("RUNNABLE").get(0).getAsInt() >= 1 && threads.getAsJsonArray("live").get(0).getAsInt() > 5,
                    threads.toString());

            HttpResult bad = monitor.get("/dashboard/series?since=yesterday");
            assertEquals(400, bad.status(), bad.text());
            assertTrue(bad.json().has("hint"), bad.text());

            JsonObject asMonitor = monitor.get("/dashboard/session").json();
            assertEquals("monitor", asMonitor.get("role").getAsString());
            assertFalse(asMonitor.get("actions").getAsBoolean());
            JsonObject asOperator = jvm.agent().get("/dashboard/session").json();
            assertEquals("operator", asOperator.get("role").getAsString());
            assertTrue(asOperator.get("actions").getAsBoolean());
            assertEquals(401, jvm.anonymous().get("/dashboard/series").status());
        }
    }

    private static Set<String> names(JsonArray list) {
        Set<String> out = new HashSet<>();
        for (JsonElement e : list) {
            out.add(e.getAsJsonObject().get("name").getAsString());
        }
        return out;
    }
}
