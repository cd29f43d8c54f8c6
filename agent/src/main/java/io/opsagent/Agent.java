package io.opsagent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;

/**
 * The agent's entry point for {@code -javaagent} and dynamic attach.
 *
 * <p>It is deliberately tiny and JDK-only: it must never throw into the host, never block
 * {@code premain}, and never load a shaded class (NanoHTTPD creates a static JUL logger when it
 * loads) on the host's thread. It starts one daemon thread and returns; all real work happens there.
 * It uses an anonymous class rather than a lambda because early Java 8 builds crash on lambdas
 * bootstrapped during {@code premain}.
 */
public final class Agent {
    private static final String RUNTIME_CLASS = "io.opsagent.core.AgentRuntime";
    private static final String START_THREAD = "opsagent-start";

    private Agent() {
    }

    public static void premain(String args, Instrumentation inst) {
        launch(args, inst, "javaagent");
    }

    public static void agentmain(String args, Instrumentation inst) {
        launch(args, inst, "attach");
    }

    private static void launch(final String args, final Instrumentation inst, final String how) {
        try {
            Thread starter = new Thread(new Runnable() {
                @Override
                public void run() {
                    try {
                        Class<?> runtime = Class.forName(RUNTIME_CLASS, true, Agent.class.getClassLoader());
                        Method entry = runtime.getMethod("launch", String.class, Instrumentation.class, String.class);
                        entry.invoke(null, args, inst, how);
                    } catch (Throwable t) {
                        Throwable cause = t.getCause() != null ? t.getCause() : t;
                        System.err.println("[opsagent] not started: " + cause + " (the application runs on without the agent)");
                    }
                }
            }, START_THREAD);
            starter.setDaemon(true);
            starter.start();
        } catch (Throwable t) {
            System.err.println("[opsagent] not started: " + t + " (the application runs on without the agent)");
        }
    }
}
