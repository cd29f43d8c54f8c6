package io.opsagent.http;

import io.opsagent.util.DaemonThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run complete requests: {@code max.concurrent} workers with a short queue, and a
 * reserved lane for health and selftest, so a queue of slow operator requests never delays a probe.
 * Both are bounded; a request that finds its lane full is refused with 503. Idle threads end after
 * {@link #IDLE_SECONDS}.
 */
final class WorkerLanes {
    static final int IDLE_SECONDS = 5;
    static final int PROBE_THREADS = 2;

    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor probes;

    WorkerLanes(int maxConcurrent) {
        workers = pool(maxConcurrent, maxConcurrent * 2, "http");
        probes = pool(PROBE_THREADS, 32, "http-probe");
    }

    private static ThreadPoolExecutor pool(int threads, int queue, String name) {
        ThreadPoolExecutor p = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<Runnable>(queue), DaemonThreads.named(name));
        p.allowCoreThreadTimeOut(true);
        return p;
    }

    /** False when the lane is full (or stopped): the caller answers 503. */
    boolean submit(boolean probe, Runnable work) {
        try {
            (probe ? probes : workers).execute(work);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    void shutdown() {
        workers.shutdownNow();
        probes.shutdownNow();
    }

    void awaitStopped(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        workers.awaitTermination(millis, TimeUnit.MILLISECONDS);
        probes.awaitTermination(Math.max(1, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    }
}
