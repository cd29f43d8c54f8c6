package io.opsagent.core;

import io.opsagent.config.AgentArgs;
import io.opsagent.config.ConfigException;
import io.opsagent.config.ConfigSources;
import io.opsagent.discovery.DiscoveryFile;
import io.opsagent.util.JvmInfo;
import io.opsagent.util.Log;
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one running agent of this JVM. {@code premain} and {@code agentmain} both end here, on the
 * agent's own start thread. Start is idempotent: a second attach reports the running endpoint and
 * applies its options that can change at run time; the argument {@code stop} shuts it down.
 */
public final class AgentRuntime {
    /** The agent argument that asks a running agent to shut down (what {@code opsagent stop} sends). */
    public static final String STOP = "stop";
    private static final String ATTACH = "attach";

    /** Written under the launch lock; the shutdown hook clears it without that lock (a launch may be stuck). */
    private static final AtomicReference<RunningAgent> CURRENT = new AtomicReference<RunningAgent>();

    private AgentRuntime() {
    }

    /** Called reflectively by {@code io.opsagent.Agent}. Never throws. */
    public static synchronized void launch(String args, Instrumentation inst, String how) {
        try {
            String a = args == null ? "" : args.trim();
            if (a.equals(STOP)) {
                stop();
                return;
            }
            RunningAgent running = CURRENT.get();
            if (running != null) {
                running.reconfigure(AgentArgs.parse(a));
                Log.console("already running at " + running.url() + tokenHint(running) + "; no second server started");
                return;
            }
            RunningAgent started = RunningAgent.start(ConfigSources.fromProcess(a), inst, how);
            CURRENT.set(started);
            Log.console("endpoint at " + started.url() + tokenHint(started));
        } catch (ConfigException e) {
            notStarted(how, DiscoveryFile.BAD_CONFIG, "bad configuration: " + e.getMessage(), null);
        } catch (BindException e) {
            notStarted(how, DiscoveryFile.PORT_TAKEN, e.getMessage() + "; choose another port with port=<n>, or port=0 for any free one", null);
        } catch (Throwable t) {
            notStarted(how, DiscoveryFile.FAILED, String.valueOf(t), t);
        }
    }

    /**
     * The host's stderr gets the line; after a dynamic attach a failure note also lets {@code opsagent attach},
     * which cannot see that stderr, say it too (it removes the note once read; the JVM's exit removes it otherwise).
     */
    private static void notStarted(String how, String kind, String why, Throwable unexpected) {
        String line = "not started: " + why + " (the application runs on without the agent)";
        if (unexpected == null) {
            Log.console(line);
        } else {
            Log.console(line, unexpected);
        }
        if (ATTACH.equals(how)) {
            DiscoveryFile.writeFailure(JvmInfo.pid(), kind, why);
        }
    }

    /** Shuts the running agent down in order; the application runs on. Safe to call when none runs. */
    public static synchronized void stop() {
        RunningAgent r = CURRENT.getAndSet(null);
        if (r == null) {
            Log.console("stop: the agent is not running in this JVM");
            return;
        }
        r.stop();
        Log.console("stopped; the application runs on");
    }

    /** Called by the shutdown hook, which must not take the launch lock (a launch may be stuck): no lock here. */
    static void stoppedByHook(RunningAgent r) {
        CURRENT.compareAndSet(r, null);
    }

    /** For tests. */
    static RunningAgent current() {
        return CURRENT.get();
    }

    private static String tokenHint(RunningAgent r) {
        return r.tokenFile() == null ? " (operator token given inline)" : "; operator token in " + r.tokenFile();
    }
}
