package io.opsagent.it.heap;

import static io.opsagent.it.heap.HeapDumpStreamTest.heapDir;
import static io.opsagent.it.heap.HeapDumpStreamTest.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.opsagent.it.support.AgentClient;
import io.opsagent.it.support.AwsCli;
import io.opsagent.it.support.HttpResult;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.S3Proxy;
import io.opsagent.it.support.TargetJvm;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Heap dumps uploaded to a real S3-compatible server (S3Proxy on loopback), every object checked with
 * Debian's awscli: downloaded, gunzipped, opened with the HPROF parser, its sha256 against the listing.
 * Outages, wrong credentials, a server gone for good, an agent restart mid-upload, delete.local.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeapDumpUploadTest {
    private static final String BUCKET = "dumps";
    private S3Proxy s3;
    private AwsCli aws;
    private Path work;

    @BeforeAll
    void startS3() throws Exception {
        s3 = S3Proxy.start();
        aws = new AwsCli(s3);
        aws.makeBucket(BUCKET);
        work = Files.createTempDirectory("opsagent-upload-it-");
    }

    @BeforeEach
    void serverUp() throws Exception {
        s3.resume(); // a test that failed during its outage must not take the server from the next one
    }

    @AfterAll
    void stopS3() throws Exception {
        if (s3 != null) {
            s3.close();
            deleteTree(s3.dir());
        }
        deleteTree(work); // downloaded dumps: a few hundred MB
    }

    private static void deleteTree(Path root) throws Exception {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Path credentials(String name, String secret) throws Exception {
        Path f = work.resolve(name);
        Files.writeString(f, "[default]\naws_access_key_id = " + S3Proxy.IDENTITY + "\naws_secret_access_key = " + secret + "\n");
        return f;
    }

    private String args(String prefix, Path creds, String more) {
        return "port=0,heapdump.upload=s3://" + BUCKET + "/" + prefix + ",heapdump.upload.endpoint=" + s3.endpoint()
                + ",heapdump.upload.credentials.file=" + creds + ",heapdump.upload.part.size=5m" + (more.isEmpty() ? "" : "," + more);
    }

    static JsonObject entry(AgentClient agent, String id) {
        for (var e : agent.get("/heapdumps").json().getAsJsonArray("dumps")) {
            if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
                return e.getAsJsonObject();
            }
        }
        return null;
    }

    static JsonObject upload(JsonObject entry) {
        return entry == null || !entry.has("upload") ? null : entry.getAsJsonObject("upload");
    }

    /** Polls the listing until the dump's upload object satisfies the condition. */
    static JsonObject awaitUpload(AgentClient agent, String id, Predicate<JsonObject> ok, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        JsonObject last = null;
        while (System.nanoTime() < deadline) {
            last = entry(agent, id);
            JsonObject u = upload(last);
            if (u != null && ok.test(u)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("upload of " + id + ": not " + what + " in " + seconds + " s; last: " + last);
    }

    static Predicate<JsonObject> status(String s) {
        return u -> u.get("status").getAsString().equals(s);
    }

    private static String key(JsonObject u) {
        return u.get("url").getAsString().substring(("s3://" + BUCKET + "/").length());
    }

    /** Downloads the object with awscli and checks it against the listing; returns the raw HPROF. */
    private Path verifyObject(JsonObject entry, boolean gzip) throws Exception {
        JsonObject u = entry.getAsJsonObject("upload");
        String url = u.get("url").getAsString();
        assertTrue(url.endsWith(gzip ? ".hprof.gz" : ".hprof"), url);
        Path got = aws.download(url, work.resolve(entry.get("id").getAsString() + (gzip ? ".hprof.gz" : ".hprof")));
        assertEquals(u.get("bytes").getAsLong(), Files.size(got), "bytes listed = bytes in the bucket");
        assertEquals(u.get("sha256").getAsString(), HprofFiles.sha256(got), "the listed sha256 is that of the object");
        Path hprof = gzip ? HprofFiles.gunzip(got) : got;
        assertEquals(entry.get("sha256").getAsString(), HprofFiles.sha256(hprof), "the object is the stored dump");
        JsonObject head = aws.headObject(BUCKET, key(u));
        assertEquals(entry.get("sha256").getAsString(), head.getAsJsonObject("Metadata").get("hprof-sha256").getAsString());
        return hprof;
    }

    @Test
    void manualAfterGcAndThresholdDumpsLandInTheBucket() throws Exception {
        Path creds = credentials("good", S3Proxy.CREDENTIAL);
        String a = args("auto", creds, "heapdump.auto.threshold=0.6,heapdump.auto.max=1,heapdump.keep=5");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs(a).start()) {
            AgentClient agent = jvm.agent();
            int held = records(jvm.demo("/start/fill?percent=30"));

            String manual = agent.post("/heapdumps", "").json().get("id").getAsString();
            JsonObject m = awaitUpload(agent, manual, status("done"), 60, "done");
            assertTrue(HprofFiles.instancesOf(verifyObject(m, true), HprofFiles.LEAKED) >= held);

            HttpResult waiting = agent.post("/heapdumps?when=after-next-gc", "");
            assertEquals(202, waiting.status(), waiting.text());
            String afterGc = waiting.json().get("id").getAsString();
            jvm.tool("jcmd", Long.toString(jvm.pid()), "GC.run");
            JsonObject g = awaitUpload(agent, afterGc, status("done"), 60, "done");
            assertEquals("after-gc", g.get("trigger").getAsString());
            assertTrue(HprofFiles.instancesOf(verifyObject(g, true), HprofFiles.LEAKED) >= held);

            assertTrue(records(jvm.demo("/start/fill?percent=75")) > 0, "the fill ran");
            String threshold = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (threshold == null && System.nanoTime() < deadline) {
                jvm.tool("jcmd", Long.toString(jvm.pid()), "GC.run");
                for (var e : agent.get("/heapdumps").json().getAsJsonArray("dumps")) {
                    if (e.getAsJsonObject().get("trigger").getAsString().equals("threshold")) {
                        threshold = e.getAsJsonObject().get("id").getAsString();
                    }
                }
                Thread.sleep(500);
            }
            assertTrue(threshold != null, "the threshold rule took a dump");
            JsonObject t = awaitUpload(agent, threshold, status("done"), 60, "done");
            // the rule may fire during the fill (a collection there can already leave the old generation above 60%),
            // so the dump holds at least what was held before it began, and some of the fill
            assertTrue(HprofFiles.instancesOf(verifyObject(t, true), HprofFiles.LEAKED) > held, "the threshold dump holds the fill's records");
            assertFalse(aws.openMultipartUploads(BUCKET, "auto/").contains("UploadId"), "no multipart upload left open");

            // the secret is in none of what the agent writes or shows
            String audit = Files.readString(jvm.dir().resolve("data").resolve("audit.log"));
            assertTrue(audit.contains("heap dump upload") && audit.contains(threshold), audit);
            for (String text : new String[] {audit, Files.readString(jvm.dir().resolve("data").resolve("agent.log")), jvm.output(),
                    agent.get("/info").text(), agent.get("/heapdumps").text()}) {
                assertFalse(text.contains(S3Proxy.CREDENTIAL), "the secret leaked: " + text);
            }
        }
    }

    @Test
    void aLargeRawDumpRidesOutAnOutageWhileTheAppServesThenLeavesNoLocalFile() throws Exception {
        Path creds = credentials("good2", S3Proxy.CREDENTIAL);
        String a = args("big", creds, "heapdump.upload.gzip=false,heapdump.upload.rate=8m/s,heapdump.upload.delete.local=true");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs(a).start()) {
            AgentClient agent = jvm.agent();
            jvm.demo("/start/fill?percent=30");
            String id = agent.post("/heapdumps", "").json().get("id").getAsString();
            awaitUpload(agent, id, u -> u.get("parts").getAsInt() >= 2, 60, "two parts sent");

            // the application and readiness during the upload: the pause was the dump's alone
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                long t0 = System.nanoTime();
                jvm.demo("/status");
                latencies.add((System.nanoTime() - t0) / 1_000_000);
                assertEquals(200, agent.get("/health/ready").status(), "readiness is not held by an upload");
            }
            assertEquals("uploading", upload(entry(agent, id)).get("status").getAsString(), "the checks above ran during the upload");

            s3.kill();
            JsonObject troubled = awaitUpload(agent, id, u -> u.has("error") && u.get("error").getAsString().contains("retry"), 30,
                    "reporting retries");
            assertEquals("uploading", upload(troubled).get("status").getAsString(), troubled.toString());
            Thread.sleep(2000);
            s3.resume();
            JsonObject done = awaitUpload(agent, id, status("done"), 90, "done after the outage");
            int parts = done.getAsJsonObject("upload").get("parts").getAsInt();
            assertTrue(parts >= 8 && done.get("size").getAsLong() > 7L * (5 << 20), "several 5 MiB parts: " + done);
            verifyObject(done, false);
            assertFalse(aws.openMultipartUploads(BUCKET, "big/").contains("UploadId"), "no multipart upload left open");

            // delete.local: no file left, and the dump is served from the bucket
            assertTrue(done.getAsJsonObject("upload").get("localDeleted").getAsBoolean(), done.toString());
            assertTrue(HprofFiles.names(heapDir(jvm)).stream().noneMatch(n -> n.endsWith(".hprof")), HprofFiles.names(heapDir(jvm)).toString());
            HttpResult redirect = agent.get("/heapdumps/" + id);
            assertEquals(307, redirect.status(), redirect.text());
            HttpResponse<InputStream> object = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(redirect.header("Location"))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, object.statusCode());
            Path fetched = work.resolve("via-redirect.hprof");
            try (InputStream in = object.body()) {
                Files.copy(in, fetched);
            }
            assertEquals(done.get("sha256").getAsString(), HprofFiles.sha256(fetched), "the redirect leads to the same dump");
            System.out.println("app latencies during the upload (ms): " + latencies);
        }
    }

    @Test
    void wrongCredentialsFailClearlyAndAServerGoneForGoodLeavesNoUploadOpen() throws Exception {
        Path creds = credentials("rotating", "not-the-right-secret-000000");
        String a = args("fail", creds, "heapdump.upload.gzip=false,heapdump.upload.rate=5m/s");
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs(a).start()) {
            AgentClient agent = jvm.agent();
            jvm.demo("/start/fill?percent=30");
            HttpResult created = agent.post("/heapdumps?upload=true", "");
            assertEquals(202, created.status(), created.text());
            String id = created.json().get("id").getAsString();
            JsonObject failed = awaitUpload(agent, id, status("failed"), 60, "failed");
            String error = upload(failed).get("error").getAsString();
            assertTrue(error.contains("SignatureDoesNotMatch") && error.contains("403"), "the server's reason: " + error);
            assertFalse(error.contains("not-the-right-secret"), error);

            // keys fixed (the chain is read for every upload): upload again, and lose the server for good
            credentials("rotating", S3Proxy.CREDENTIAL);
            HttpResult again = agent.post("/heapdumps/" + id + "/upload", "");
            assertEquals(202, again.status(), again.text());
            assertEquals(409, agent.post("/heapdumps/" + id + "/upload", "").status(), "one upload of a dump at a time");
            awaitUpload(agent, id, u -> u.get("parts").getAsInt() >= 1, 60, "one part sent");
            s3.kill();
            JsonObject gone = awaitUpload(agent, id, status("failed"), 90, "failed after its retries");
            String why = upload(gone).get("error").getAsString();
            assertTrue(why.contains("no answer") && why.contains("attempts"), why);
            s3.resume();
            long deadline = System.nanoTime() + 60_000_000_000L;
            String open = aws.openMultipartUploads(BUCKET, "fail/");
            while (open.contains("UploadId") && System.nanoTime() < deadline) {
                Thread.sleep(1000);
                open = aws.openMultipartUploads(BUCKET, "fail/");
            }
            assertFalse(open.contains("UploadId"), "the agent aborted the upload once the server answered: " + open);
            assertFalse(aws.run("s3api", "list-objects-v2", "--bucket", BUCKET, "--prefix", "fail/", "--output", "json").contains(id), "no object from the failed upload");
        }
    }

    @Test
    void anAgentRestartRestartsAnUnfinishedUpload() throws Exception {
        Path creds = credentials("good3", S3Proxy.CREDENTIAL);
        Path dumps = work.resolve("restart-dumps");
        String slow = args("restart", creds, "heapdump.dir=" + dumps + ",heapdump.upload.gzip=false,heapdump.upload.rate=5m/s");
        String id;
        try (TargetJvm first = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs(slow).start()) {
            first.demo("/start/fill?percent=30");
            id = first.agent().post("/heapdumps", "").json().get("id").getAsString();
            awaitUpload(first.agent(), id, u -> u.get("parts").getAsInt() >= 1, 60, "one part sent");
            first.process().destroyForcibly().waitFor();
        }
        assertTrue(aws.openMultipartUploads(BUCKET, "restart/").contains("UploadId"), "the killed agent left its upload open");
        String fast = args("restart", creds, "heapdump.dir=" + dumps + ",heapdump.upload.gzip=false");
        try (TargetJvm second = TargetJvm.demo(Jdks.current()).jvmArgs("-Xmx128m").agentArgs(fast).start()) {
            JsonObject done = awaitUpload(second.agent(), id, status("done"), 90, "done after the restart");
            verifyObject(done, false);
            assertFalse(aws.openMultipartUploads(BUCKET, "restart/").contains("UploadId"), "the earlier upload was aborted, not left behind");
        }
    }
}
