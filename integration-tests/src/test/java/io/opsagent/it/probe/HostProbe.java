package io.opsagent.it.probe;

import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * A stand-in application: waits for the agent (system property {@code opsagent.url}), then reports
 * what the agent did to the host — JUL, threads — and returns from main, so the JVM must exit by itself.
 */
public final class HostProbe {
    public static void main(String[] args) throws Exception {
        System.out.println("PROBE main started");
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.getProperty("opsagent.url") == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        System.out.println("PROBE agent url=" + System.getProperty("opsagent.url"));
        System.out.println("PROBE jul initialised on=" + RecordingLogManager.initialisedOn);
        Logger root = Logger.getLogger("");
        StringBuilder handlers = new StringBuilder();
        for (Handler h : root.getHandlers()) {
            handlers.append(h.getClass().getName()).append(' ');
        }
        System.out.println("PROBE root level=" + root.getLevel() + " handlers=" + handlers.toString().trim());
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            System.out.println("PROBE thread name=" + t.getName() + " daemon=" + t.isDaemon());
        }
        if (args.length > 0 && args[0].equals("wait")) {
            Thread.sleep(Long.parseLong(args[1]));
        }
        System.out.println("PROBE main returns");
    }
}
