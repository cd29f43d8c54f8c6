package io.opsagent.cli.attach;

import io.opsagent.core.AgentRuntime;
import java.util.concurrent.TimeUnit;

/**
 * {@code opsagent stop}: asks the agent in a JVM to shut down (an attach with the argument
 * {@code stop}), then checks that it did: the discovery file is gone and the port is closed.
 */
public final class StopFlow {
    private static final long POLL_MS = 100;

    private final long pid;
    private final long waitMillis;

    public StopFlow(long pid, long waitMillis) {
        this.pid = pid;
        this.waitMillis = waitMillis;
    }

    /** Returns the URL the stopped agent served. */
    public String stop() throws AttachException {
        TargetProcess target = TargetProcess.of(pid);
        target.checkAttachable();
        AgentFiles files = AgentFiles.asking(target);
        LiveAgent running = files.live();
        if (running == null) {
            throw new AttachException(Reason.NOT_RUNNING, "no agent is running in JVM " + pid + " (no live " + running(files) + ")",
                    "nothing to stop; 'java -jar opsagent.jar list' shows which JVMs run it");
        }
        String url = running.url;
        AgentLoader.load(AgentLoader.agentJarFor(target), pid, AgentRuntime.STOP);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            boolean fileGone = files.discovery() == null;
            boolean portClosed = !Endpoint.portOpen(url);
            if (fileGone && portClosed) {
                return url;
            }
            if (System.nanoTime() > deadline) {
                throw new AttachException(Reason.FAILED, "the agent in JVM " + pid + " was asked to stop but "
                        + (fileGone ? "" : "its discovery file is still there" + (portClosed ? "" : " and "))
                        + (portClosed ? "" : url + " still accepts connections"),
                        "look for lines starting [opsagent] on that JVM's stderr; run stop again");
            }
            AttachFlow.sleep(POLL_MS);
        }
    }

    private static String running(AgentFiles files) {
        return files.discoveryPath() + (files.urlProperty() == null ? "" : " and " + files.urlProperty() + " is silent");
    }
}
