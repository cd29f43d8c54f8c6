package io.opsagent.attach;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.opsagent.discovery.DiscoveryFile;
import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * {@code opsagent attach}: load the agent into a running JVM and wait until its endpoint answers.
 * The agent reports back through files in the temp folder, because the CLI cannot read the target's
 * stderr: the discovery file when it is up, {@code opsagent-<pid>.error} when it could not start.
 */
public final class AttachFlow {
    private static final long POLL_MS = 100;

    private final long pid;
    private final long waitMillis;

    public AttachFlow(long pid, long waitMillis) {
        this.pid = pid;
        this.waitMillis = waitMillis;
    }

    /** What the user needs to know about the running agent. */
    public static final class Result {
        public final String url;
        public final String tokenFile;
        public final boolean alreadyRunning;
        public final int targetJava;
        public final boolean dynamicLoadWarning;

        Result(JsonObject discovery, boolean alreadyRunning, int targetJava, boolean dynamicLoadWarning) {
            this.url = text(discovery, "url");
            this.tokenFile = text(discovery, "tokenFile");
            this.alreadyRunning = alreadyRunning;
            this.targetJava = targetJava;
            this.dynamicLoadWarning = dynamicLoadWarning;
        }
    }

    /** {@code args} are agent arguments ({@code key=value,...}), possibly empty. */
    public Result attach(String args) throws AttachException {
        TargetProcess target = TargetProcess.of(pid);
        target.checkAttachable();
        File jar = AgentLoader.agentJar();
        JsonObject running = runningAgent(pid);
        if (running != null) {
            if (!args.isEmpty()) {
                // the agent applies the options that can change at run time and starts nothing new
                AgentLoader.load(jar, pid, args);
            }
            return new Result(running, true, target.javaFeatureVersion(), false);
        }
        DiscoveryFile.removeFailure(pid);
        AgentLoader.load(jar, pid, args);
        JsonObject started = awaitStart(target);
        int java = target.javaFeatureVersion();
        return new Result(started, false, java, java >= 21 && !target.cmdline().contains("-XX:+EnableDynamicAgentLoading"));
    }

    /** The discovery file of the agent running in that JVM, or null; a stale file (its endpoint silent) is removed. */
    public static JsonObject runningAgent(long pid) {
        JsonObject d = DiscoveryFile.read(pid);
        if (d == null) {
            return null;
        }
        if (Endpoint.answers(text(d, "url"))) {
            return d;
        }
        DiscoveryFile.remove(pid);
        return null;
    }

    private JsonObject awaitStart(TargetProcess target) throws AttachException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        do {
            JsonObject failure = DiscoveryFile.readFailure(pid);
            if (failure != null) {
                throw startFailure(failure);
            }
            JsonObject d = DiscoveryFile.read(pid);
            if (d != null && Endpoint.answers(text(d, "url"))) {
                return d;
            }
            if (!target.alive()) {
                throw new AttachException(Reason.NO_SUCH_PROCESS, "JVM " + pid + " exited while the agent was starting",
                        "look at its output for why it ended");
            }
            sleep(POLL_MS);
        } while (System.nanoTime() < deadline);
        throw new AttachException(Reason.NOT_STARTED, "the agent was loaded into JVM " + pid + " but no endpoint answered within "
                + TimeUnit.MILLISECONDS.toSeconds(waitMillis) + " s (no " + DiscoveryFile.pathFor(pid) + ")",
                "look for lines starting [opsagent] on that JVM's stderr, and at agent.log in its data dir (default "
                        + DiscoveryFile.pathFor(pid).resolveSibling("opsagent-" + pid) + "); the target must use the same temp folder as you");
    }

    private AttachException startFailure(JsonObject failure) {
        String kind = text(failure, "kind");
        String message = text(failure, "message");
        DiscoveryFile.removeFailure(pid);
        if (DiscoveryFile.PORT_TAKEN.equals(kind)) {
            return new AttachException(Reason.PORT_TAKEN, "the agent in JVM " + pid + " did not start: " + message,
                    "");
        }
        return new AttachException(Reason.NOT_STARTED, "the agent in JVM " + pid + " did not start: " + message,
                "fix the option and run attach again; the application runs on without the agent");
    }

    static String text(JsonObject o, String field) {
        JsonElement e = o == null ? null : o.get(field);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    static void sleep(long ms) throws AttachException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttachException(Reason.FAILED, "interrupted", "");
        }
    }
}
