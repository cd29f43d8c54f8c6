package io.opsagent.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parts, addresses, credentials and the saved state, without a server (the integration tests bring one). */
class UploadPiecesTest {
    @TempDir
    Path tmp;

    @Test
    void partSinkCutsFixedSizePartsAndSendsTheRestLast() throws IOException {
        List<Integer> sizes = new ArrayList<Integer>();
        PartSink sink = new PartSink(10, (n, data, len) -> {
            assertEquals(sizes.size() + 1, n);
            sizes.add(len);
        });
        byte[] data = new byte[37];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        sink.write(data, 0, 25);
        sink.write(data, 25, 12);
        sink.close();
        assertEquals(java.util.Arrays.asList(10, 10, 10, 7), sizes);
        assertEquals(37, sink.total());
        assertEquals(SigV4.hex(SigV4.sha256(data)), sink.sha256Hex());
    }

    @Test
    void partSinkNeverSendsAnEmptyLastPartAfterAnExactMultiple() throws IOException {
        List<Integer> sizes = new ArrayList<Integer>();
        PartSink sink = new PartSink(10, (n, data, len) -> sizes.add(len));
        sink.write(new byte[20], 0, 20);
        sink.close();
        assertEquals(java.util.Arrays.asList(10, 10), sizes);
    }

    @Test
    void pathStyleAndVirtualHostAddresses() throws IOException {
        S3Location path = new S3Location("s3://dumps/prod/app1", "http://127.0.0.1:9000", "eu-west-1", null);
        assertTrue(path.pathStyle, "an endpoint implies path style");
        assertEquals("prod/app1/x.hprof.gz", path.key("x.hprof.gz"));
        assertEquals("s3://dumps/prod/app1/x.hprof.gz", path.s3Url(path.key("x.hprof.gz")));
        URL u = path.url("prod/app1/a b.hprof", "uploads=");
        assertEquals("http://127.0.0.1:9000/dumps/prod/app1/a%20b.hprof?uploads=", u.toString());
        assertEquals("127.0.0.1:9000", S3Location.host(u));

        S3Location aws = new S3Location("s3://dumps", null, "eu-west-1", null);
        assertEquals("https://dumps.s3.eu-west-1.amazonaws.com/k", aws.url("k", "").toString());
        assertEquals("dumps.s3.eu-west-1.amazonaws.com", S3Location.host(aws.url("k", "")));
        assertEquals("/k", aws.path("k"));
        S3Location forced = new S3Location("s3://dumps/p/", "https://minio.example", "us-east-1", false);
        assertEquals("https://dumps.minio.example/p/k", forced.url(forced.key("k"), "").toString());
    }

    @Test
    void credentialsChainOrder() throws IOException {
        Path file = tmp.resolve("credentials");
        Files.write(file, ("[default]\naws_access_key_id = DEFAULTKEY\naws_secret_access_key = defaultsecret\n"
                + "[profile ops]\naws_access_key_id=OPSKEY\naws_secret_access_key=opssecret\naws_session_token=tok\n").getBytes(StandardCharsets.UTF_8));
        Map<String, String> env = new HashMap<String, String>();
        env.put("AWS_SHARED_CREDENTIALS_FILE", file.toString());
        assertEquals("DEFAULTKEY", new CredentialsChain(env, "/nonexistent").resolve(null).accessKey());
        env.put("AWS_PROFILE", "ops");
        AwsCredentials ops = new CredentialsChain(env, "/nonexistent").resolve(null);
        assertEquals("OPSKEY", ops.accessKey());
        assertEquals("tok", ops.sessionToken());
        env.put("AWS_ACCESS_KEY_ID", "ENVKEY");
        env.put("AWS_SECRET_ACCESS_KEY", "envsecret");
        assertEquals("ENVKEY", new CredentialsChain(env, "/nonexistent").resolve(null).accessKey(), "the environment comes before the shared file");
        env.put("AWS_PROFILE", "default");
        assertEquals("DEFAULTKEY", new CredentialsChain(env, "/nonexistent").resolve(file.toString()).accessKey(),
                "heapdump.upload.credentials.file, chosen by the user, comes first");

        Map<String, String> none = new HashMap<String, String>();
        IOException e = assertThrows(IOException.class, () -> new CredentialsChain(none, tmp.toString()).resolve(null));
        assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID") && e.getMessage().contains(".aws"), e.getMessage());
        none.put("AWS_PROFILE", "missing");
        IOException named = assertThrows(IOException.class, () -> new CredentialsChain(none, tmp.toString()).resolve(file.toString()));
        assertTrue(named.getMessage().contains("[missing]") && !named.getMessage().contains("defaultsecret") && !named.getMessage().contains("opssecret"), named.getMessage());
    }

    @Test
    void stateSurvivesARestartAndIsDiscardedWithItsDump() {
        Path f = UploadState.fileFor(tmp, "20261130-120000-abcdef01");
        UploadState s = new UploadState(f);
        s.started("s3://b/k", "k");
        s.uploadId("upload-1");
        s.progress(5 << 20, 1);
        UploadState again = UploadState.load(f);
        assertEquals(UploadState.UPLOADING, again.status());
        assertEquals("upload-1", again.uploadId());
        assertEquals(5L << 20, again.toJson().get("bytes"));
        s.failed("boom", true);
        assertTrue(UploadState.load(f).abortPending());
        s.discard();
        assertNull(UploadState.load(f));
        s.progress(1, 1);
        assertTrue(!Files.exists(f), "a discarded state is never written again");
    }

    @Test
    void rateLimiterHoldsTheRate() throws InterruptedException {
        RateLimiter r = new RateLimiter(() -> 1 << 20);
        long start = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            r.acquire(64 * 1024);
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms >= 450, "512 KiB at 1 MiB/s takes about 500 ms, took " + ms);
    }
}
