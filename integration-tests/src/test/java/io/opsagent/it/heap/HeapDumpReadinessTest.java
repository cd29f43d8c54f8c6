package io.opsagent.it.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** While a dump is written the instance drains (/health/ready 503) but is not killed (/health/live 200). */
class HeapDumpReadinessTest {
    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void readinessFailsWhileADumpRunsAndLivenessDoesNot(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).jvmArgs("-Xmx512m").agentArgs("port=0,rate.limit=off").start()) {
            jvm.demo("/start/fill?percent=60");
            AgentClient agent = jvm.agent();
            AgentClient anonymous = jvm.anonymous();
            assertEquals(200, anonymous.get("/health/ready").status(), "ready before any dump");

            HttpResult created = agent.post("/heapdumps", "");
            assertEquals(202, created.status(), created.text());
            String id = created.json().get("id").getAsString();
            boolean sawNotReady = false;
            String notReadyBody = null;
            List<Integer> live = new ArrayList<>();
            String status = "pending";
            long deadline = System.nanoTime() + 120_000_000_000L;
            for (int i = 0; i < 20_000 && !status.equals("ready") && !status.equals("failed") && System.nanoTime() < deadline; i++) {
                HttpResult ready = agent.get("/health/ready");
                live.add(anonymous.get("/health/live").status());
                status = statusOf(agent, id);
                if (ready.status() == 503 && !status.equals("ready")) {
                    sawNotReady = true;
                    notReadyBody = ready.text();
                }
            }
            assertEquals("ready", status, "the dump finished");
            assertTrue(sawNotReady, "/health/ready answered 503 while the dump was being written");
            assertTrue(notReadyBody.contains("heap dump"), notReadyBody);
            assertTrue(live.stream().allMatch(s -> s == 200), "/health/live stays 200 during the dump: " + live);
            // the listing says ready a moment before the worker lets go of the dump slot (it still enforces heapdump.keep)
            int readyAgain = anonymous.get("/health/ready").status();
            for (long end = System.nanoTime() + 10_000_000_000L; readyAgain != 200 && System.nanoTime() < end;) {
                TargetJvm.sleep(100);
                readyAgain = anonymous.get("/health/ready").status();
            }
            assertEquals(200, readyAgain, "ready again once the dump is written");
        }
    }

    private static String statusOf(AgentClient agent, String id) {
        for (JsonElement e : agent.get("/heapdumps").json().getAsJsonArray("dumps")) {
            if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
                return e.getAsJsonObject().get("status").getAsString();
            }
        }
        assertNotNull(null, "dump " + id + " is listed");
        return null;
    }
}
