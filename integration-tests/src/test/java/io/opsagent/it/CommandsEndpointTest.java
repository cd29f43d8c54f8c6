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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** POST /commands/<name>: each command's effect observed from outside the agent. */
class CommandsEndpointTest {
    private static final String MONITOR = "monitor-token-0123456789abcdef";

    @Test
    void logLevelChangesTheDemoLoggerAndComesBackAfterItsTtl() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0").jvmArgs("-Xmx64m").start()) {
            String before = jvm.demo("/log-level");
            HttpResult r = jvm.agent().post("/commands/log-level", "{\"logger\":\"io.opsagent.demo.app\",\"level\":\"DEBUG\",\"ttl\":\"2s\"}");
            assertEquals(200, r.status(), r.text());
            JsonObject jul = r.json().getAsJsonArray("frameworks").get(0).getAsJsonObject();
            assertEquals("jul", jul.get("framework").getAsString());
            assertEquals("FINE", jul.get("newLevel").getAsString(), "DEBUG means FINE in java.util.logging");
            assertEquals(before, String.valueOf(jul.get("oldLevel").isJsonNull() ? null : jul.get("oldLevel").getAsString()));
            assertEquals("FINE", jvm.demo("/log-level"), "the application's own logger changed");
            String now = jvm.demo("/log-level");
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (now.equals("FINE") && System.nanoTime() < deadline) {
                TargetJvm.sleep(200);
                now = jvm.demo("/log-level");
            }
            assertEquals(before, now, "the old level came back after the ttl");

            HttpResult read = jvm.agent().post("/commands/log-level", "{\"logger\":\"io.opsagent.demo.app\"}");
            assertEquals(before, read.json().getAsJsonArray("frameworks").get(0).getAsJsonObject().get("level").getAsString());
            HttpResult badLevel = jvm.agent().post("/commands/log-level", "{\"logger\":\"x\",\"level\":\"LOUD\"}");
            assertEquals(400, badLevel.status());
            assertTrue(badLevel.json().get("error").getAsString().contains("FINEST"), badLevel.text());
            assertEquals(400, jvm.agent().post("/commands/log-level", "{\"logger\":\"x\",\"level\":\"FINE\",\"ttl\":\"soon\"}").status());
        }
    }

    @Test
    void vmFlagSetsManageableFlagsOnlyAndJcmdRunsOnlyTheAllowList() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0").jvmArgs("-Xmx64m").start()) {
            AgentClient agent = jvm.agent();
            assertFalse(jvm.tool("jcmd", String.valueOf(jvm.pid()), "VM.flags").contains("+HeapDumpOnOutOfMemoryError"));
            HttpResult set = agent.post("/commands/vm-flag", "{\"name\":\"HeapDumpOnOutOfMemoryError\",\"value\":\"true\"}");
            assertEquals(200, set.status(), set.text());
            assertEquals("false", set.json().get("oldValue").getAsString());
            assertEquals("true", set.json().get("value").getAsString());
            assertTrue(jvm.tool("jcmd", String.valueOf(jvm.pid()), "VM.flags").contains("-XX:+HeapDumpOnOutOfMemoryError"),
                    "jcmd sees the flag changed");

            HttpResult fixed = agent.post("/commands/vm-flag", "{\"name\":\"MaxHeapSize\",\"value\":\"1073741824\"}");
            assertEquals(400, fixed.status(), fixed.text());
            assertTrue(fixed.json().get("error").getAsString().contains("not manageable"), fixed.text());
            assertTrue(fixed.json().getAsJsonArray("manageable").toString().contains("HeapDumpPath"));
            assertTrue(jvm.tool("jcmd", String.valueOf(jvm.pid()), "VM.flags").contains("-XX:MaxHeapSize=67108864"), "unchanged");
            assertEquals(404, agent.post("/commands/vm-flag", "{\"name\":\"NoSuchFlagAtAll\"}").status());
            HttpResult read = agent.post("/commands/vm-flag", "{\"name\":\"MaxHeapSize\"}");
            assertEquals("67108864", read.json().get("value").getAsString());

            HttpResult uptime = agent.post("/commands/jcmd", "{\"command\":\"VM.uptime\"}");
            assertEquals(200, uptime.status(), uptime.text());
            assertTrue(uptime.json().get("output").getAsString().matches("(?s)\\s*\\d+[.,]\\d+ s.*"), uptime.text());
            HttpResult histo = agent.post("/commands/jcmd", "{\"command\":\"GC.class_histogram\",\"args\":[\"-all\"]}");
            assertTrue(histo.json().get("output").getAsString().contains("java.lang.String"), histo.text());

            Path dump = jvm.dir().resolve("smuggled.hprof");
            HttpResult heapDump = agent.post("/commands/jcmd", "{\"command\":\"GC.heap_dump\",\"args\":[\"" + dump + "\"]}");
            assertEquals(403, heapDump.status(), heapDump.text());
            assertTrue(heapDump.json().getAsJsonArray("allowed").toString().contains("VM.uptime"), heapDump.text());
            TargetJvm.sleep(500);
            assertFalse(Files.exists(dump), "a refused command must not run");
            HttpResult cmdLine = agent.post("/commands/jcmd", "{\"command\":\"VM.command_line\"}");
            assertEquals(403, cmdLine.status());
            assertTrue(cmdLine.json().get("hint").getAsString().contains("GC.class_histogram"), cmdLine.text());
            HttpResult smuggle = agent.post("/commands/jcmd", "{\"command\":\"VM.uptime\",\"args\":[\"x\\nGC.heap_dump " + dump + "\"]}");
            assertEquals(400, smuggle.status(), smuggle.text());
            assertFalse(Files.exists(dump), "a line break cannot smuggle in a second command");

            String audit = Files.readString(jvm.dir().resolve("data/audit.log"));
            assertTrue(audit.contains("\"action\":\"POST /commands/jcmd\",\"status\":403"), audit);
            assertTrue(audit.contains("GC.heap_dump"), "the refused command is named in the audit log: " + audit);
            assertTrue(audit.contains("command=vm-flag args={\\\"name\\\":\\\"HeapDumpOnOutOfMemoryError\\\",\\\"value\\\":\\\"true\\\"}"), audit);
        }
    }

    @Test
    void listingGcHistogramAndBadRequests() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0,monitor.token=" + MONITOR).jvmArgs("-Xmx64m").start()) {
            AgentClient agent = jvm.agent();
            AgentClient monitor = jvm.anonymous().withToken(MONITOR);
            HttpResult list = monitor.get("/commands");
            assertEquals(200, list.status(), list.text());
            List<String> names = new ArrayList<>();
            for (JsonElement e : list.json().getAsJsonArray("commands")) {
                names.add(e.getAsJsonObject().get("name").getAsString());
                assertEquals("operator", e.getAsJsonObject().get("role").getAsString());
            }
            assertEquals(List.of("gc", "class-histogram", "vm-flag", "log-level", "jcmd", "thread-dump"), names);
            assertEquals(403, monitor.post("/commands/gc", "{}").status(), "running a command needs the operator role");

            jvm.demo("/start/churn");
            HttpResult gc = agent.post("/commands/gc", "");
            assertEquals(200, gc.status(), gc.text());
            assertTrue(gc.json().get("heapUsedBefore").getAsLong() > 0 && gc.json().get("heapUsedAfter").getAsLong() > 0, gc.text());
            assertTrue(gc.json().get("collections").getAsLong() >= 1, gc.text());

            HttpResult histo = agent.post("/commands/class-histogram", "{\"top\":5,\"live\":false}");
            assertEquals(200, histo.status(), histo.text());
            JsonArray rows = histo.json().getAsJsonArray("top");
            assertEquals(5, rows.size());
            for (int i = 1; i < rows.size(); i++) {
                assertTrue(rows.get(i - 1).getAsJsonObject().get("bytes").getAsLong() >= rows.get(i).getAsJsonObject().get("bytes").getAsLong());
            }

            HttpResult unknown = agent.post("/commands/rm-rf", "{}");
            assertEquals(404, unknown.status());
            assertTrue(unknown.json().getAsJsonArray("commands").toString().contains("class-histogram"), unknown.text());
            HttpResult badJson = agent.post("/commands/class-histogram", "{\"top\":");
            assertEquals(400, badJson.status());
            assertTrue(badJson.json().getAsJsonArray("arguments").toString().contains("\"live\""), badJson.text());
            HttpResult unknownArg = agent.post("/commands/gc", "{\"full\":true}");
            assertEquals(400, unknownArg.status());
            assertTrue(unknownArg.json().get("error").getAsString().contains("'full'"), unknownArg.text());
            HttpResult wrongType = agent.post("/commands/class-histogram", "{\"top\":\"ten\"}");
            assertEquals(400, wrongType.status());
            assertTrue(wrongType.json().get("hint").getAsString().contains("top?: integer"), wrongType.text());
            assertEquals(400, agent.post("/commands/vm-flag", "{}").status(), "a required argument is missing");
            assertEquals(400, agent.post("/commands/vm-flag", "[\"HeapDumpPath\"]").status(), "not an object");

            HttpResult td = agent.post("/commands/thread-dump", "{}");
            assertEquals(200, td.status());
            assertTrue(td.text().contains("Full thread dump"), td.text());
        }
    }
}
