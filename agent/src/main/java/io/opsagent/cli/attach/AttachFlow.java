package io.opsagent.cli.attach;

import io.opsagent.discovery.DiscoveryFile;
import java.io.File;
import java.util.concurrent.TimeUnit;

/**
 * {@code opsagent attach}: load the agent into a running JVM and wait until its endpoint answers.
 * Success is judged by what the agent itself reports, never by the attach API's reply to the load
 * (which Java 8 and 9+ word differently, so a cross-version load that worked can look like a failure):
 * the discovery file in the target's own temp folder, or the URL system property the agent sets, read
 * through the attach API; {@code opsagent-<pid>.error} beside the discovery file when it could not start.
 */
public final class AttachFlow {
    private static final long POLL_MS = 100;
    /** Asking the target for its properties is an attach-API round trip: not at every poll. */
    private static final long ASK_EVERY_MS = 1000;

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
        public final String discoveryFile;
        public final boolean alreadyRunning;
        public final int targetJava;
        public final boolean dynamicLoadWarning;

        Result(LiveAgent agent, boolean alreadyRunning, int targetJava, boolean dynamicLoadWarning) {
            this.url = agent.url;
            this.tokenFile = agent.tokenFile;
            this.discoveryFile = agent.discoveryFile;
            this.alreadyRunning = alreadyRunning;
            this.targetJava = targetJava;
            this.dynamicLoadWarning = dynamicLoadWarning;
        }
    }

    /** {@code args} are agent arguments ({@code key=value,...}), possibly empty. */
    public Result attach(String args) throws AttachException {
        TargetProcess target = TargetProcess.of(pid);
        target.checkAttachable();
        File jar = AgentLoader.agentJarFor(target);
        AgentFiles files = AgentFiles.asking(target);
        LiveAgent running = files.live();
        if (running != null) {
            if (!args.isEmpty()) {
                // the agent applies the options that can change at run time and starts nothing new
                AgentLoader.load(jar, pid, args);
            }
            return new Result(running, true, target.javaFeatureVersion(), false);
        }
        files.removeFailure();
        AgentLoader.load(jar, pid, args);
        LiveAgent started = awaitStart(target, files);
        int java = target.javaFeatureVersion();
        return new Result(started, false, java, java >= 21 && !target.cmdline().contains("-XX:+EnableDynamicAgentLoading"));
    }

    private LiveAgent awaitStart(TargetProcess target, AgentFiles files) throws AttachException {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        long nextAsk = start + TimeUnit.MILLISECONDS.toNanos(ASK_EVERY_MS);
        AgentFiles seen = files;
        do {
            DiscoveryFile.StartFailure failure = seen.failure();
            if (failure != null) {
                seen.removeFailure();
                throw startFailure(failure);
            }
            LiveAgent live = seen.live();
            if (live != null) {
                return live;
            }
            if (!target.alive()) {
                throw new AttachException(Reason.NO_SUCH_PROCESS, "JVM " + pid + " exited while the agent was starting",
                        "look at its output for why it ended");
            }
            if (System.nanoTime() > nextAsk) {
                seen = AgentFiles.asking(target);
                nextAsk = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ASK_EVERY_MS);
            } else {
                sleep(POLL_MS);
            }
        } while (System.nanoTime() < deadline);
        throw new AttachException(Reason.NOT_STARTED, "the agent was loaded into JVM " + pid + " but no endpoint answered within "
                + TimeUnit.MILLISECONDS.toSeconds(waitMillis) + " s (no " + seen.discoveryPath() + ", no " + DiscoveryFile.URL_PROPERTY
                + " property)", "look for lines starting [opsagent] on that JVM's stderr, and at agent.log in its data dir"
                        + " (default opsagent-<pid> beside that file)");
    }

    private AttachException startFailure(DiscoveryFile.StartFailure failure) {
        if (DiscoveryFile.PORT_TAKEN.equals(failure.kind)) {
            return new AttachException(Reason.PORT_TAKEN, "the agent in JVM " + pid + " did not start: " + failure.message, "");
        }
        return new AttachException(Reason.NOT_STARTED, "the agent in JVM " + pid + " did not start: " + failure.message,
                "fix the option and run attach again; the application runs on without the agent");
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
