package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** GET /threads against the demo's deadlock and busy scenarios, on every installed JDK. */
class ThreadsEndpointTest {
    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void jstackDumpFlagsTheDeadlockAndTopRanksTheBusyThread(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0").jvmArgs("-Xmx64m").args("--run=deadlock,busy").start()) {
            AgentClient agent = jvm.agent();
            String dump = awaitDeadlock(agent);
            assertTrue(dump.startsWith("DEADLOCK: 2 threads are deadlocked"), "the summary comes first:\n" + head(dump));
            int summaryEnd = dump.indexOf("Full thread dump");
            assertTrue(summaryEnd > 0, "the Thread.print output follows the summary:\n" + head(dump));
            String summary = dump.substring(0, summaryEnd);
            assertTrue(summary.contains("\"demo-deadlock-a\"") && summary.contains("held by \"demo-deadlock-b\""), summary);
            assertTrue(summary.contains("\"demo-deadlock-b\"") && summary.contains("held by \"demo-deadlock-a\""), summary);
            // the cycle as jstack prints it, which thread-dump analysers parse
            assertTrue(dump.matches("(?s).*\"demo-deadlock-a\":\\s+waiting to lock monitor [^\n]+\n\\s+which is held by \"demo-deadlock-b\".*"), tail(dump));
            assertTrue(dump.matches("(?s).*\"demo-deadlock-b\":\\s+waiting to lock monitor [^\n]+\n\\s+which is held by \"demo-deadlock-a\".*"), tail(dump));
            assertTrue(dump.contains("java.lang.Thread.State: BLOCKED (on object monitor)"), "jstack format");
            assertTrue(dump.contains("Locked ownable synchronizers"), "Thread.print -l");

            HttpResult json = agent.get("/threads", "Accept", "application/json");
            assertEquals(200, json.status());
            assertTrue(json.header("Content-Type").startsWith("application/json"));
            JsonArray threads = json.json().getAsJsonArray("threads");
            assertEquals(2, json.json().get("deadlockedCount").getAsInt());
            JsonObject first = threads.get(0).getAsJsonObject();
            JsonObject second = threads.get(1).getAsJsonObject();
            assertEquals(Set.of("demo-deadlock-a", "demo-deadlock-b"), Set.of(first.get("name").getAsString(), second.get("name").getAsString()),
                    "deadlocked threads first");
            assertEquals(second.get("name").getAsString(), first.get("lockOwner").getAsString());
            assertEquals(first.get("name").getAsString(), second.get("lockOwner").getAsString());
            assertEquals("BLOCKED", first.get("state").getAsString());
            assertTrue(first.get("daemon").getAsBoolean());
            assertTrue(first.get("lock").getAsString().startsWith("java.lang.Object@"));
            assertTrue(first.getAsJsonArray("stack").toString().contains("DeadlockScenario"), first.toString());
            assertTrue(first.get("cpuTimeNanos").getAsLong() >= 0);

            assertEquals(200, agent.get("/threads?top=3").status(), "first call: CPU since each thread started");
            String leader = null;
            for (int attempt = 0; attempt < 10 && !"demo-busy".equals(leader); attempt++) {
                TargetJvm.sleep(300);
                HttpResult top = agent.get("/threads?top=3", "Accept", "application/json");
                assertEquals(200, top.status(), top.text());
                assertEquals("previous call", top.json().get("since").getAsString());
                JsonArray ranked = top.json().getAsJsonArray("threads");
                assertTrue(ranked.size() <= 3, top.text());
                leader = ranked.get(0).getAsJsonObject().get("name").getAsString();
            }
            assertEquals("demo-busy", leader, "the spinning thread uses most CPU between two calls");
            TargetJvm.sleep(300); // a window long enough for the spinning thread to lead, not the request's own thread
            String topText = agent.get("/threads?top=1").text();
            assertTrue(topText.contains("Top 1 threads by CPU time since the previous call"), topText);
            assertTrue(topText.contains("\"demo-busy\""), topText);

            assertEquals(400, agent.get("/threads?top=0").status());
            assertEquals(400, agent.get("/threads?top=abc").status());
            assertEquals(401, jvm.anonymous().get("/threads").status());
        }
    }

    private static String awaitDeadlock(AgentClient agent) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        String text = "";
        while (System.nanoTime() < deadline) {
            HttpResult r = agent.get("/threads");
            assertEquals(200, r.status(), r.text());
            assertTrue(r.header("Content-Type").startsWith("text/plain"));
            text = r.text();
            if (text.contains("Found one Java-level deadlock")) {
                return text;
            }
            TargetJvm.sleep(100);
        }
        throw new AssertionError("no deadlock reported:\n" + text);
    }

    private static String head(String s) {
        return s.substring(0, Math.min(2000, s.length()));
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 3000));
    }
}
