package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opsagent.it.support.Artifacts;
import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code java -jar opsagent.jar shell}, driven through stdin as a script would drive it. */
class ShellConsoleTest {
    /** What one shell run left: exit code, stdout, stderr. */
    record Run(int exit, String out, String err) {
    }

    @Test
    void aSessionOverThePidRunsEachCommand() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0").jvmArgs("-Xmx64m").args("--run=busy").start()) {
            boolean hasHealth = jvm.agent().get("/health").status() != 404;
            Run r = shell(String.join("\n", "health", "memory", "threads", "threads top 2", "gc", "histogram 5",
                    "flag HeapDumpOnOutOfMemoryError true", "flag HeapDumpOnOutOfMemoryError", "log-level io.opsagent.demo.app",
                    "jcmd VM.uptime", "history", "!8", "quit", "memory"), String.valueOf(jvm.pid()));
            assertFalse(r.out().contains("opsagent>"), "no prompt without a terminal:\n" + r.out());
            assertTrue(("\n" + r.out()).matches("(?s).*\nheap +used +[0-9.]+ MiB +committed.*"), r.out());
            assertTrue(r.out().contains("Full thread dump"), "threads prints the jstack dump");
            assertTrue(r.out().contains("Top 2 threads by CPU time"), r.out());
            assertTrue(r.out().matches("(?s).*GC took \\d+ ms: heap used [0-9.]+ MiB -> [0-9.]+ MiB.*"), r.out());
            assertTrue(r.out().contains("#    instances          bytes  class"), r.out());
            assertTrue(r.out().contains("HeapDumpOnOutOfMemoryError = true (was false) [MANAGEMENT]"), r.out());
            assertTrue(r.out().contains("jul: INFO") || r.out().contains("jul: inherit"), r.out());
            assertTrue(r.out().matches("(?s).*\n\\d+[.,]\\d+ s\n.*"), "jcmd VM.uptime output:\n" + r.out());
            assertTrue(r.out().contains("   11  history"), r.out());
            assertTrue(r.out().contains("flag HeapDumpOnOutOfMemoryError\nHeapDumpOnOutOfMemoryError = true [MANAGEMENT, manageable]"),
                    "!8 re-ran line 8:\n" + r.out());
            assertEquals(1, count("\n" + r.out(), "\nheap "), "nothing runs after quit");
            assertTrue(jvm.tool("jcmd", String.valueOf(jvm.pid()), "VM.flags").contains("+HeapDumpOnOutOfMemoryError"));
            if (hasHealth) {
                assertEquals(0, r.exit(), r.err());
                assertTrue(r.out().contains("\"status\""), r.out());
            } else {
                assertEquals(1, r.exit(), "GET /health is not in this build, so one command failed:\n" + r.err());
                assertEquals(1, r.err().lines().count(), "exactly one error line, for health: " + r.err());
                assertTrue(r.err().startsWith("error: 404"), r.err());
            }
        }
    }

    @Test
    void urlAndTokenFileWorkAndErrorsAreOneLine() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0").jvmArgs("-Xmx64m").start()) {
            Run ok = shell("memory\njcmd VM.command_line\nflag MaxHeapSize 1\nbogus\n", jvm.agentUrl(), "--token-file", jvm.tokenFile().toString());
            assertTrue(ok.out().contains("heap "), ok.out());
            List<String> errors = ok.err().lines().toList();
            assertEquals(3, errors.size(), ok.err());
            assertTrue(errors.get(0).startsWith("error: 403: the diagnostic command 'VM.command_line' is not allowed"), errors.get(0));
            assertTrue(errors.get(1).contains("not manageable"), errors.get(1));
            assertTrue(errors.get(2).contains("unknown command 'bogus'"), errors.get(2));
            assertEquals(1, ok.exit());

            Run noToken = shell("memory\n", jvm.agentUrl());
            assertTrue(noToken.err().startsWith("error: 401"), noToken.err());
            Run badFile = shell("memory\n", jvm.agentUrl(), "--token-file", jvm.dir().resolve("nope").toString());
            assertEquals(1, badFile.exit());
            assertEquals(1, badFile.err().lines().count(), badFile.err());
            assertTrue(badFile.err().contains("cannot read the token file"), badFile.err());
        }
        Run noAgent = shell("memory\n", "999999999");
        assertEquals(1, noAgent.exit());
        assertTrue(noAgent.err().contains("no OpsAgent found in pid 999999999"), noAgent.err());
        assertEquals(2, shell("", "1", "--bogus").exit());
    }

    /** Needs GET /heapdump (the heap feature); the lead runs it once both are merged. */
    @Test
    void heapdumpDownloadsADumpThatParses() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current()).agentArgs("port=0").jvmArgs("-Xmx64m").start()) {
            int probe = jvm.agent().post("/heapdump", null).status();
            assumeTrue(probe != 404, "GET /heapdump is not in this build (the heap feature is on another branch)");
            Path file = jvm.dir().resolve("console.hprof");
            Run r = shell("heapdump " + file + "\nquit\n", String.valueOf(jvm.pid()));
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.err().contains("100%"), "a progress bar on stderr: " + r.err());
            assertTrue(r.out().contains("heap dump saved to " + file), r.out());
            assertFalse(Files.exists(file.resolveSibling("console.hprof.part")));
            byte[] head = new byte[18];
            try (InputStream in = Files.newInputStream(file)) {
                assertEquals(18, in.readNBytes(head, 0, 18));
            }
            assertEquals("JAVA PROFILE 1.0.2", new String(head, StandardCharsets.US_ASCII));
            assertTrue(Files.size(file) > 1_000_000, "a whole heap, not a stub: " + Files.size(file));
            parseIfAParserIsPresent(file);
        }
    }

    /** Opens the dump with the NetBeans profiler heap parser when the test classpath has it (the heap feature adds one). */
    private static void parseIfAParserIsPresent(Path file) throws Exception {
        Class<?> factory;
        try {
            factory = Class.forName("org.netbeans.lib.profiler.heap.HeapFactory");
        } catch (ClassNotFoundException e) {
            return; // header and size were checked above
        }
        Object heap = factory.getMethod("createHeap", File.class).invoke(null, file.toFile());
        Object cls = heap.getClass().getMethod("getJavaClassByName", String.class).invoke(heap, "io.opsagent.demo.DemoTarget");
        assertTrue(cls != null, "the parsed dump holds the demo's main class");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    static Run shell(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Jdks.current().java().toString(), "-jar", Artifacts.agentJar().toString(), "shell"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // the shell may exit before reading everything (e.g. on a usage error)
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the shell did not finish in 120 s");
        }
        return new Run(p.exitValue(), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
