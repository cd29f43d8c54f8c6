package io.opsagent.it.heap;

import static io.opsagent.it.heap.HeapDumpStreamTest.heapDir;
import static io.opsagent.it.heap.HeapDumpStreamTest.records;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Stored dumps: 202 + Location, the listing, Range and resume, delete, hostile ids, after-next-gc, and 507. */
class HeapDumpStoreTest {
    static JsonObject awaitStatus(AgentClient agent, String id, String status, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            for (var e : agent.get("/heapdumps").json().getAsJsonArray("dumps")) {
                JsonObject d = e.getAsJsonObject();
                if (d.get("id").getAsString().equals(id)) {
                    last = d;
                    if (d.get("status").getAsString().equals(status)) {
                        return d;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("dump " + id + " did not become " + status + " in " + seconds + " s; last: " + last);
    }

    @Test
    void storedDumpDownloadsInRangesResumesAndDeletes() throws Exception {
        String monitor = "monitor-token-0123456789abcdef";
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs("port=0,monitor.token=" + monitor).start()) {
            int held = records(jvm.demo("/start/fill?percent=30"));
            AgentClient agent = jvm.agent();
            HttpResult created = agent.post("/heapdumps", "");
            assertEquals(202, created.status(), created.text());
            String location = created.header("Location");
            String id = created.json().get("id").getAsString();
            assertEquals("/heapdumps/" + id, location);
            JsonObject d = awaitStatus(agent, id, "ready", 60);
            assertEquals("manual", d.get("trigger").getAsString());
            long size = d.get("size").getAsLong();
            String sha = d.get("sha256").getAsString();
            assertTrue(d.get("time").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), d.toString());

            Path stored = heapDir(jvm).resolve(HprofFiles.names(heapDir(jvm)).get(0));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stored)));

            Path whole = jvm.dir().resolve("whole.hprof");
            HttpResult full = agent.download(location, whole);
            assertEquals(200, full.status());
            assertEquals(Long.toString(size), full.header("Content-Length"));
            assertEquals("bytes", full.header("Accept-Ranges"));
            assertEquals(sha, HprofFiles.sha256(whole));
            assertTrue(HprofFiles.instancesOf(whole, HprofFiles.LEAKED) >= held);
            byte[] all = Files.readAllBytes(whole);

            HttpResult part = agent.get(location, "Range", "bytes=100-199");
            assertEquals(206, part.status());
            assertEquals("bytes 100-199/" + size, part.header("Content-Range"));
            assertArrayEquals(Arrays.copyOfRange(all, 100, 200), part.body());
            HttpResult tail = agent.get(location, "Range", "bytes=-50");
            assertEquals(206, tail.status());
            assertArrayEquals(Arrays.copyOfRange(all, all.length - 50, all.length), tail.body());
            HttpResult beyond = agent.get(location, "Range", "bytes=" + size + "-");
            assertEquals(416, beyond.status());
            assertEquals("bytes */" + size, beyond.header("Content-Range"));
            assertEquals(416, agent.get(location, "Range", "bytes=0-1,5-9").status());

            // a transfer broken after 1 MiB, resumed from where it stopped
            Path resumed = jvm.dir().resolve("resumed.hprof");
            try (RawGet broken = new RawGet(jvm.agentUrl(), location, jvm.token())) {
                assertEquals(200, broken.status);
                Files.write(resumed, broken.read(1 << 20));
                broken.kill();
            }
            Path rest = jvm.dir().resolve("rest.part");
            HttpResult r = agent.download(location, rest, "Range", "bytes=" + Files.size(resumed) + "-");
            assertEquals(206, r.status());
            try (OutputStream o = Files.newOutputStream(resumed, StandardOpenOption.APPEND)) {
                Files.copy(rest, o);
            }
            assertEquals(sha, HprofFiles.sha256(resumed), "the resumed download matches the listed sha256");

            AgentClient mon = agent.withToken(monitor);
            assertEquals(200, mon.get("/heapdumps").status(), "monitor may list");
            assertEquals(403, mon.get(location).status(), "only the operator may fetch a dump");
            assertEquals(403, mon.post("/heapdumps", "").status());

            for (String hostile : new String[] {"/heapdumps/..%2F..%2Fetc%2Fpasswd", "/heapdumps/%2e%2e", "/heapdumps/" + id + "%2F..",
                    "/heapdumps/..%5C..%5Cwindows", "/heapdumps/" + stored.getFileName()}) {
                assertEquals(404, agent.get(hostile).status(), hostile);
                assertEquals(404, agent.delete(hostile).status(), hostile);
            }
            assertTrue(Files.exists(stored), "hostile ids changed nothing");

            HttpResult del = agent.delete(location);
            assertEquals(200, del.status(), del.text());
            assertFalse(Files.exists(stored));
            assertEquals(404, agent.get(location).status());
            assertEquals(0, agent.get("/heapdumps").json().getAsJsonArray("dumps").size());
            String audit = Files.readString(jvm.dir().resolve("data").resolve("audit.log"));
            assertTrue(audit.contains("\"action\":\"POST /heapdumps\"") && audit.contains("range=100-199/" + size)
                    && audit.contains("\"action\":\"DELETE /heapdumps/" + id + "\""), audit);
        }
    }

    @Test
    void afterNextGcWaitsForACollectionAndKeepIsEnforced() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs("port=0,heapdump.keep=1").start()) {
            jvm.demo("/start/fill?percent=10");
            AgentClient agent = jvm.agent();
            HttpResult first = agent.post("/heapdumps", "{\"when\": \"after-next-gc\"}");
            assertEquals(202, first.status(), first.text());
            assertEquals("waiting-for-gc", first.json().get("status").getAsString());
            String id = first.json().get("id").getAsString();
            assertEquals(429, agent.post("/heapdumps", "").status(), "the waiting dump holds the slot");
            jvm.tool("jcmd", Long.toString(jvm.pid()), "GC.run");
            JsonObject d = awaitStatus(agent, id, "ready", 60);
            assertEquals("after-gc", d.get("trigger").getAsString());

            HttpResult second = agent.post("/heapdumps?when=now", "");
            assertEquals(202, second.status(), second.text());
            String id2 = second.json().get("id").getAsString();
            awaitStatus(agent, id2, "ready", 60);
            JsonArray dumps = agent.get("/heapdumps").json().getAsJsonArray("dumps");
            assertEquals(1, dumps.size(), "heapdump.keep=1 removed the oldest: " + dumps);
            assertEquals(id2, dumps.get(0).getAsJsonObject().get("id").getAsString());
            assertEquals(1, HprofFiles.names(heapDir(jvm)).size());
            assertEquals(400, agent.post("/heapdumps?when=tomorrow", "").status());
            assertEquals(400, agent.post("/heapdumps", "not json").status());
        }
    }

    @Test
    void aDumpThatCannotFitAnswers507AndWritesNothing() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs("port=0,heapdump.max.bytes=1k,public=health;heapdumps").start()) {
            AgentClient agent = jvm.agent();
            AgentClient anonymous = jvm.anonymous();
            assertEquals(200, anonymous.get("/heapdumps").status(), "public=heapdumps opens the listing");
            assertEquals(401, anonymous.get("/heapdump").status(), "but never a dump");
            assertEquals(401, anonymous.post("/heapdumps", "").status());
            assertEquals(401, anonymous.get("/heapdumps/20260101-000000-0123abcd").status());
            HttpResult streamed = agent.get("/heapdump");
            assertEquals(507, streamed.status(), streamed.text());
            assertTrue(streamed.json().get("hint").getAsString().contains("heapdump.max.bytes"), streamed.text());
            HttpResult stored = agent.post("/heapdumps", "");
            assertEquals(507, stored.status(), stored.text());
            assertEquals(0, agent.get("/heapdumps").json().getAsJsonArray("dumps").size());
            assertEquals(0, HprofFiles.names(heapDir(jvm)).size(), "nothing written");
            assertEquals(200, agent.get("/heapdumps").status());
        }
    }
}
