package io.opsagent.health;

import io.opsagent.health.checks.Check;
import io.opsagent.health.checks.CheckSpec;
import io.opsagent.health.checks.Observation;
import io.opsagent.util.DaemonThreads;
import io.opsagent.util.Log;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs every check each interval on the agent's own bounded workers, in parallel, each bounded by
 * the timeout, and publishes the results to the cache. A check that hangs fails as "timed out" and
 * keeps its one worker: it is not started again until that run returns, so a check that never
 * returns costs one thread, not one per interval.
 */
final class HealthRunner {
    /** Enough for checks that wait on the network in parallel; more checks than this queue. */
    private static final int MAX_WORKERS = 8;

    private final HealthCache cache;
    /** The agent's one scheduler times the rounds: a round waits at most the timeout, and no thread idles for health. */
    private final ScheduledExecutorService rounds;
    private final ThreadPoolExecutor workers = new ThreadPoolExecutor(MAX_WORKERS, MAX_WORKERS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<Runnable>(), DaemonThreads.named("health-check"));
    private volatile Map<String, Entry> entries = Collections.emptyMap();
    private volatile long timeoutMillis;
    private long intervalMillis;
    private ScheduledFuture<?> schedule;

    HealthRunner(HealthCache cache, ScheduledExecutorService scheduler) {
        this.cache = cache;
        this.rounds = scheduler;
        workers.allowCoreThreadTimeOut(true);
    }

    /** Puts a new set of checks in force and runs them now; unchanged checks keep their state. */
    synchronized void apply(Map<String, CheckSpec> specs, long interval, long timeout) {
        Map<String, Entry> before = entries;
        Map<String, Entry> next = new LinkedHashMap<String, Entry>();
        for (CheckSpec spec : specs.values()) {
            Entry old = before.get(spec.name());
            next.put(spec.name(), old != null && old.spec.equals(spec) ? old
                    : new Entry(spec, spec.type().newCheck(), old != null ? old.busySince : new AtomicLong()));
        }
        entries = Collections.unmodifiableMap(next);
        // a pool below its core size starts a thread per task; sized to the checks, idle threads get reused
        workers.setCorePoolSize(Math.max(1, Math.min(MAX_WORKERS, next.size())));
        timeoutMillis = timeout;
        cache.update(specs, Collections.<String, CheckResult>emptyMap());
        if (schedule == null || interval != intervalMillis) {
            if (schedule != null) {
                schedule.cancel(false);
            }
            intervalMillis = interval;
            schedule = rounds.scheduleWithFixedDelay(this::round, 0, interval, TimeUnit.MILLISECONDS);
        } else {
            rounds.execute(this::round);
        }
    }

    private void round() {
        try {
            Map<String, Entry> plan = entries;
            long timeout = timeoutMillis;
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
            Map<String, CheckResult> out = new LinkedHashMap<String, CheckResult>();
            Map<String, Future<CheckResult>> running = new LinkedHashMap<String, Future<CheckResult>>();
            Map<String, Task> tasks = new LinkedHashMap<String, Task>();
            for (Entry e : plan.values()) {
                long since = e.busySince.get();
                if (since != 0) {
                    long secs = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
                    out.put(e.spec.name(), failed(e.spec, "timed out: the run started " + secs + " s ago has not returned", timeout));
                    continue;
                }
                Task t = new Task(e, timeout);
                e.busySince.set(System.nanoTime() | 1);
                try {
                    running.put(e.spec.name(), workers.submit(t));
                    tasks.put(e.spec.name(), t);
                } catch (RejectedExecutionException ex) {
                    e.busySince.set(0);
                    return;
                }
            }
            for (Map.Entry<String, Future<CheckResult>> f : running.entrySet()) {
                Entry e = plan.get(f.getKey());
                out.put(f.getKey(), await(f.getValue(), tasks.get(f.getKey()), e, deadline, timeout));
            }
            cache.live(LiveCheck.result());
            synchronized (this) {
                Map<String, CheckSpec> current = new LinkedHashMap<String, CheckSpec>();
                for (Entry e : entries.values()) {
                    current.put(e.spec.name(), e.spec);
                }
                cache.update(current, out);
            }
        } catch (RuntimeException | LinkageError e) {
            Log.warn("a health round failed", e);
        }
    }

    private static CheckResult await(Future<CheckResult> f, Task t, Entry e, long deadline, long timeout) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException ex) {
            t.abandon();
            f.cancel(true);
            return failed(e.spec, "timed out after " + timeout + " ms", timeout);
        } catch (ExecutionException ex) {
            return failed(e.spec, describe(ex.getCause()), 0);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return failed(e.spec, "interrupted", 0);
        }
    }

    static CheckResult runOnce(CheckSpec spec, Check check, long timeout) {
        long start = System.nanoTime();
        try {
            Observation o = check.measure(spec, (int) Math.min(Integer.MAX_VALUE, timeout));
            Status s = o.forced() != null ? o.forced()
                    : o.value() == null ? Status.PASS : spec.type().judge(o.value().doubleValue(), spec.warn(), spec.fail());
            return new CheckResult(spec, s, o.value(), o.output(), System.currentTimeMillis(), millisSince(start));
        } catch (Exception | LinkageError e) {
            return new CheckResult(spec, Status.FAIL, null, describe(e), System.currentTimeMillis(), millisSince(start));
        }
    }

    private static CheckResult failed(CheckSpec spec, String why, long durationMillis) {
        return new CheckResult(spec, Status.FAIL, null, why, System.currentTimeMillis(), durationMillis);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : ": " + m);
    }

    private static double millisSince(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 100_000.0) / 10.0;
    }

    synchronized void stop() {
        if (schedule != null) {
            schedule.cancel(false);
        }
        workers.shutdownNow();
    }

    /** A configured check: its spec, its instance, and since when a run of it is in flight (0 = idle, so starts are made odd). */
    private static final class Entry {
        final CheckSpec spec;
        final Check check;
        final AtomicLong busySince;

        Entry(CheckSpec spec, Check check, AtomicLong busySince) {
            this.spec = spec;
            this.check = check;
            this.busySince = busySince;
        }
    }

    /** One run; frees its check's slot when it ends, or at once if it is abandoned before it started. */
    private static final class Task implements Callable<CheckResult> {
        private static final int QUEUED = 0;
        private static final int RUNNING = 1;
        private static final int OVER = 2;
        private final Entry entry;
        private final long timeout;
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Task(Entry entry, long timeout) {
            this.entry = entry;
            this.timeout = timeout;
        }

        @Override
        public CheckResult call() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return null;
            }
            try {
                return runOnce(entry.spec, entry.check, timeout);
            } finally {
                state.set(OVER);
                entry.busySince.set(0);
            }
        }

        void abandon() {
            if (state.compareAndSet(QUEUED, OVER)) {
                entry.busySince.set(0);
            }
        }
    }
}
