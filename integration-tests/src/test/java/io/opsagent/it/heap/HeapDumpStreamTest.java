package io.opsagent.it.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code GET /heapdump}: a real HPROF, raw or gzip, streamed from a file that is gone afterwards. */
class HeapDumpStreamTest {
    static int records(String fillAnswer) {
        // "holding 26012480 bytes (20% of the max heap) in 260 records"
        String[] words = fillAnswer.trim().split(" ");
        return Integer.parseInt(words[words.length - 2]);
    }

    static Path heapDir(TargetJvm jvm) {
        return jvm.dir().resolve("data").resolve("heapdumps");
    }

    static void awaitNoFiles(Path dir, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!HprofFiles.names(dir).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), HprofFiles.names(dir), "files left in " + dir);
    }

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void rawAndGzipDumpsAreRealHprofWithTheDemosObjects(Jdks.Jdk jdk) throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(jdk).jvmArgs("-Xmx128m").agentArgs("port=0").start()) {
            int held = records(jvm.demo("/start/fill?percent=20"));
            AgentClient agent = jvm.agent();

            Path raw = jvm.dir().resolve("raw.hprof");
            HttpResult r = agent.download("/heapdump", raw);
            assertEquals(200, r.status());
            assertEquals("application/octet-stream", r.header("Content-Type"));
            assertEquals(Long.toString(Files.size(raw)), r.header("Content-Length"));
            assertTrue(r.header("Content-Disposition").matches("attachment; filename=\"heapdump-" + jvm.pid() + "-\\d{8}-\\d{6}\\.hprof\""),
                    r.header("Content-Disposition"));
            int found = HprofFiles.instancesOf(raw, HprofFiles.LEAKED);
            assertTrue(found >= held, "the dump holds " + found + " DemoLeakedRecord, the demo holds " + held);
            // the slot is freed and the file deleted once the last byte was read for sending, before the client had it
            assertEquals(List.of(), HprofFiles.names(heapDir(jvm)));
            assertTrue(!agent.get("/heapdumps").json().has("running"), "no dump holds the slot after a complete download");

            Path gz = jvm.dir().resolve("dump.gz");
            HttpResult g = agent.download("/heapdump?gzip=true&live=false", gz);
            assertEquals(200, g.status());
            assertEquals("application/gzip", g.header("Content-Type"));
            assertNull(g.header("Content-Length"), "a gzip stream's length is not known in advance");
            assertTrue(g.header("Content-Disposition").endsWith(".hprof.gz\""), g.header("Content-Disposition"));
            assertTrue(Files.size(gz) < Files.size(raw), "compressed " + Files.size(gz) + " vs raw " + Files.size(raw));
            int inGzip = HprofFiles.instancesOf(HprofFiles.gunzip(gz), HprofFiles.LEAKED);
            assertTrue(inGzip >= held, "the gzip dump holds " + inGzip + " DemoLeakedRecord, the demo holds " + held);
            awaitNoFiles(heapDir(jvm), 10);

            assertEquals(400, agent.get("/heapdump?live=maybe").status());
            assertEquals(405, agent.send("HEAD", "/heapdump", null).status(), "HEAD must not take a dump");
            String audit = Files.readString(jvm.dir().resolve("data").resolve("audit.log"));
            assertTrue(audit.contains("\"action\":\"GET /heapdump\"") && audit.contains("gzip=true"), audit);
        }
    }

    /** A client killed mid-download: its file is deleted, the slot freed, and the agent serves on; a second dump meanwhile gets 429. */
    @Test
    void killedClientLeavesNothingBehindAndConcurrentDumpsGet429() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs("port=0").start()) {
            jvm.demo("/start/fill?percent=40");
            AgentClient agent = jvm.agent();
            try (RawGet slow = new RawGet(jvm.agentUrl(), "/heapdump", jvm.token())) {
                assertEquals(200, slow.status);
                long length = Long.parseLong(slow.headers.get("content-length"));
                assertTrue(length > 30_000_000, "dump of " + length + " bytes");
                assertEquals(65536, slow.read(65536).length);
                List<String> during = HprofFiles.names(heapDir(jvm));
                assertEquals(1, during.size(), during.toString());
                assertTrue(during.get(0).startsWith("stream-") && during.get(0).endsWith(".hprof"), during.toString());

                HttpResult second = agent.get("/heapdump");
                assertEquals(429, second.status(), second.text());
                assertTrue(second.json().get("hint").getAsString().contains("one dump"), second.text());
                assertEquals(429, agent.post("/heapdumps", "").status());
                slow.kill();
            }
            awaitNoFiles(heapDir(jvm), 20);
            Path again = jvm.dir().resolve("again.hprof");
            assertEquals(200, agent.download("/heapdump", again).status(), "the agent serves on after a killed client");
            assertTrue(HprofFiles.instancesOf(again, HprofFiles.LEAKED) > 0);
            assertTrue(jvm.process().isAlive());
        }
    }

    /** The router holds a worker slot until the body is closed: with max.concurrent=1 a slow download makes others wait (503). */
    @Test
    void aSlowDownloadHoldsTheOnlyRequestSlot() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs("port=0,max.concurrent=1").start()) {
            jvm.demo("/start/fill?percent=40");
            AgentClient agent = jvm.agent();
            try (RawGet slow = new RawGet(jvm.agentUrl(), "/heapdump", jvm.token())) {
                assertEquals(200, slow.status);
                slow.read(1024);
                HttpResult other = agent.get("/heapdumps");
                assertEquals(503, other.status(), other.text());
                assertEquals("1", other.header("Retry-After"));
                slow.kill();
            }
            awaitNoFiles(heapDir(jvm), 20);
            HttpResult after = agent.get("/heapdumps");
            assertEquals(200, after.status(), after.text());
        }
    }
}
