package io.opsagent.http;

import io.opsagent.util.DaemonThreads;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads that run complete requests: workers handed one request each, and a
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
        // A hand-off, not a queue: the most recently idle thread takes the next request, so the others
        // time out instead of taking turns forever. Twice max.concurrent threads, because the router's
        // slots (with their short wait) are what limits concurrent handlers.
        workers = new ThreadPoolExecutor(0, maxConcurrent * 2, IDLE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<Runnable>(), DaemonThreads.named("http"));
        probes = new ThreadPoolExecutor(PROBE_THREADS, PROBE_THREADS, IDLE_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<Runnable>(32), DaemonThreads.named("http-probe"));
        probes.allowCoreThreadTimeOut(true);
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
