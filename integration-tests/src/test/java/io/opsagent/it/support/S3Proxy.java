package io.opsagent.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3-compatible server for the upload tests: S3Proxy (org.gaul:s3proxy) on 127.0.0.1 with a
 * filesystem backend in a temp dir and SigV2/V4 authentication. It can be stopped and started again on
 * the same port and data, to play an outage. Objects are checked with {@link AwsCli}, not the agent's code.
 */
public final class S3Proxy implements AutoCloseable {
    public static final String IDENTITY = "opsagent-test-identity";
    public static final String CREDENTIAL = "opsagent-test-credential-0123456789";

    private final Path dir;
    private final int port;
    private Process process;

    private S3Proxy(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static S3Proxy start() throws IOException {
        Path dir = Files.createTempDirectory("opsagent-s3-");
        Files.createDirectories(dir.resolve("data"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                // filesystem-nio2, not the deprecated "filesystem" backend: a server killed while writing a part left
                // a temp file that "filesystem" then failed to parse at CompleteMultipartUpload (HTTP 400)
                "jclouds.provider=filesystem-nio2",
                "jclouds.identity=" + IDENTITY,
                "jclouds.credential=" + CREDENTIAL,
                "jclouds.filesystem.basedir=" + dir.resolve("data"), ""));
        S3Proxy p = new S3Proxy(dir, port);
        p.resume();
        return p;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** Starts (again) on the same port and data, unless it runs; returns once it accepts connections. */
    public void resume() throws IOException {
        if (process != null && process.isAlive()) {
            return;
        }
        Path jar = Paths.get(System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: mvn -B verify copies it (maven-dependency-plugin, id s3proxy)");
        }
        process = new ProcessBuilder(List.of(Jdks.current().java().toString(), "-Xmx256m", "-jar", jar.toString(),
                "--properties", dir.resolve("s3proxy.properties").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("s3proxy.log").toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("S3Proxy exited:\n" + Files.readString(dir.resolve("s3proxy.log")));
                }
                TargetJvm.sleep(100);
            }
        }
        throw new IllegalStateException("S3Proxy did not listen on " + port + " in 60 s");
    }

    /** Kills the server (an outage); {@link #resume()} brings it back with its data. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public void close() {
        kill();
    }
}
