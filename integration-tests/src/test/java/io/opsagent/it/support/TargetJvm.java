package io.opsagent.it.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real JVM under test: by default {@code demo-target} on a chosen JDK, with the agent by
 * {@code -javaagent} (or none, for attach tests). Its output goes to a file the test can read;
 * {@link #close} kills it. Example:
 * <pre>
 * try (TargetJvm jvm = TargetJvm.demo(jdk).agentArgs("port=0").start()) {
 *     assertEquals(200, jvm.agent().get("/info").status());
 * }
 * </pre>
 */
public final class TargetJvm implements AutoCloseable {
    private static final Pattern ENDPOINT = Pattern.compile("\\[opsagent\\] endpoint at (\\S+?)(?:;| \\(|$)");
    private static final Pattern TOKEN_FILE = Pattern.compile("operator token in (\\S+)");
    private static final Pattern DEMO_PORT = Pattern.compile("DEMO_PORT=(\\d+)");
    private static final Pattern DEMO_PID = Pattern.compile("DEMO_PID=(\\d+)");

    private final Jdks.Jdk jdk;
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> mainArgs = new ArrayList<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private List<String> main;
    private String agentArgs;
    private boolean agent;
    private Path dir;
    private Path output;
    private Process process;
    private String agentUrl;

    private TargetJvm(Jdks.Jdk jdk) {
        this.jdk = jdk;
    }

    /** demo-target on this JDK; add the agent with {@link #agentArgs}. */
    public static TargetJvm demo(Jdks.Jdk jdk) {
        TargetJvm t = new TargetJvm(jdk);
        t.main = List.of("-jar", Artifacts.demoJar().toString());
        return t;
    }

    /** A probe program from the test classes. */
    public static TargetJvm probe(Jdks.Jdk jdk, Class<?> mainClass) {
        TargetJvm t = new TargetJvm(jdk);
        t.main = List.of("-cp", Artifacts.probeClasses() + java.io.File.pathSeparator + Artifacts.testClasses(), mainClass.getName());
        return t;
    }

    /** Start with {@code -javaagent:opsagent.jar=<args>}; a data dir private to this JVM is added unless given. */
    public TargetJvm agentArgs(String args) {
        this.agent = true;
        this.agentArgs = args;
        return this;
    }

    public TargetJvm jvmArgs(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    public TargetJvm args(String... args) {
        mainArgs.addAll(Arrays.asList(args));
        return this;
    }

    public TargetJvm env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** Starts the JVM and waits until the demo serves and, with the agent, until the agent printed its line. */
    public TargetJvm start() throws IOException {
        dir = Files.createTempDirectory("opsagent-it-");
        output = dir.resolve("output.txt");
        List<String> cmd = new ArrayList<>();
        cmd.add(jdk.java().toString());
        cmd.add("-Xshare:auto");
        cmd.addAll(jvmArgs);
        if (agent) {
            String args = agentArgs == null ? "" : agentArgs;
            if (!args.contains("data.dir=")) {
                args = (args.isEmpty() ? "" : args + ",") + "data.dir=" + dir.resolve("data");
            }
            cmd.add("-javaagent:" + Artifacts.agentJar() + "=" + args);
        }
        cmd.addAll(main);
        cmd.addAll(mainArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(env);
        process = pb.start();
        if (main.contains(Artifacts.demoJar().toString())) {
            awaitOutput(s -> s.contains("DEMO_PID="), 30);
        }
        if (agent) {
            awaitOutput(s -> s.contains("[opsagent] endpoint at") || s.contains("[opsagent] not started"), 30);
        }
        return this;
    }

    /** Waits until the output satisfies the condition; fails with the output so far if it does not in time. */
    public String awaitOutput(Predicate<String> condition, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String out = output();
            if (condition.test(out)) {
                return out;
            }
            if (!process.isAlive() && !condition.test(output())) {
                throw new AssertionError("the target JVM exited with " + process.exitValue() + ":\n" + output());
            }
            sleep(50);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting on the target JVM; its output:\n" + output());
    }

    public String output() {
        try {
            return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /** A scratch directory private to this JVM (its agent data dir is {@code dir()/data} unless set). */
    public Path dir() {
        return dir;
    }

    public Jdks.Jdk jdk() {
        return jdk;
    }

    /** The URL the agent printed (the last one, after a restart by attach). */
    public String agentUrl() {
        if (agentUrl == null) {
            agentUrl = lastMatch(ENDPOINT, output());
            if (agentUrl == null) {
                throw new AssertionError("the agent printed no endpoint; output:\n" + output());
            }
        }
        return agentUrl;
    }

    /** Forget the cached URL, e.g. after stop and a new attach. */
    public void forgetAgentUrl() {
        agentUrl = null;
    }

    public Path tokenFile() {
        String f = lastMatch(TOKEN_FILE, output());
        if (f == null) {
            throw new AssertionError("the agent printed no token file; output:\n" + output());
        }
        return Path.of(f);
    }

    public String token() {
        try {
            return Files.readString(tokenFile()).trim();
        } catch (IOException e) {
            throw new AssertionError("cannot read the token file: " + e, e);
        }
    }

    /** A client with the operator token. */
    public AgentClient agent() {
        return new AgentClient(agentUrl(), token());
    }

    /** A client without a token. */
    public AgentClient anonymous() {
        return new AgentClient(agentUrl(), null);
    }

    public int demoPort() {
        return Integer.parseInt(lastMatch(DEMO_PORT, output()));
    }

    /** Calls the demo's own API, e.g. {@code demo("/start/leak?bytesPerSecond=100000")}; returns its text answer. */
    public String demo(String pathAndQuery) {
        try {
            HttpClient c = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String method = pathAndQuery.startsWith("/start/") || pathAndQuery.startsWith("/stop/") ? "POST" : "GET";
            HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demoPort() + pathAndQuery))
                    .timeout(Duration.ofSeconds(120)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("demo " + pathAndQuery + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().trim();
        } catch (IOException e) {
            throw new AssertionError("demo " + pathAndQuery + " failed: " + e + "\noutput:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Runs a JDK tool (jcmd, keytool...) of the target's JDK and returns its output; fails on a non-zero exit. */
    public String tool(String name, String... args) {
        return Tools.run(jdk.tool(name), args);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String lastMatch(Pattern p, String text) {
        Matcher m = p.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        return last;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(dir);
    }

    /**
     * Each JVM's scratch folder goes with it: heap dumps made them about 400 MB apiece, and a few
     * dozen suite runs had left 68 GB in the temp folder, until a disk check failed on the space.
     */
    private static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(root)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
