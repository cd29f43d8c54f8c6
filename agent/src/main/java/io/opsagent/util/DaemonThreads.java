package io.opsagent.util;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Makes the agent's threads: always daemon, always named {@code opsagent-<role>-<n>}, so ops can tell them apart in a dump. */
public final class DaemonThreads implements ThreadFactory {
    private final String prefix;
    private final AtomicInteger counter = new AtomicInteger();

    private DaemonThreads(String role) {
        this.prefix = "opsagent-" + role;
    }

    public static DaemonThreads named(String role) {
        return new DaemonThreads(role);
    }

    /** One thread with an exact name, for singletons such as the shutdown hook. */
    public static Thread single(String role, Runnable body) {
        Thread t = new Thread(body, "opsagent-" + role);
        t.setDaemon(true);
        return t;
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, prefix + "-" + counter.incrementAndGet());
        t.setDaemon(true);
        t.setUncaughtExceptionHandler(new Thread.UncaughtExceptionHandler() {
            @Override
            public void uncaughtException(Thread thread, Throwable e) {
                Log.warn("thread " + thread.getName() + " failed", e);
            }
        });
        return t;
    }
}
