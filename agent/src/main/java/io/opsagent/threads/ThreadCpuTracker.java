package io.opsagent.threads;

import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU used per thread since the previous {@code top} call. It keeps one snapshot of per-thread CPU
 * time, replaced on each call, so it holds at most one entry per live thread (and never more than
 * {@link #MAX_TRACKED}): dead threads fall out of it at the next call.
 */
final class ThreadCpuTracker {
    static final int MAX_TRACKED = 20_000;

    /** A thread's CPU time now and since the previous call. */
    static final class Usage {
        final long id;
        final long cpuNanos;
        final long cpuNanosSincePrevious;

        Usage(long id, long cpuNanos, long cpuNanosSincePrevious) {
            this.id = id;
            this.cpuNanos = cpuNanos;
            this.cpuNanosSincePrevious = cpuNanosSincePrevious;
        }
    }

    /** The result of one call: the ranking and the interval it covers (0 on the first call: since each thread started). */
    static final class Ranking {
        final List<Usage> top;
        final long sinceMillis;

        Ranking(List<Usage> top, long sinceMillis) {
            this.top = top;
            this.sinceMillis = sinceMillis;
        }
    }

    private Map<Long, Long> previous = new HashMap<Long, Long>();
    private long previousMillis;

    /** The {@code n} threads with most CPU since the previous call; a thread unseen before counts from its start. */
    synchronized Ranking top(ThreadMXBean mx, int n) {
        long[] ids = mx.getAllThreadIds();
        Map<Long, Long> now = new HashMap<Long, Long>();
        List<Usage> all = new ArrayList<Usage>();
        for (long id : ids) {
            long cpu = mx.getThreadCpuTime(id);
            if (cpu < 0) {
                continue; // the thread ended meanwhile
            }
            if (now.size() < MAX_TRACKED) {
                now.put(id, cpu);
            }
            Long before = previous.get(id);
            long delta = before == null || before > cpu ? cpu : cpu - before;
            all.add(new Usage(id, cpu, delta));
        }
        Collections.sort(all, new Comparator<Usage>() {
            @Override
            public int compare(Usage a, Usage b) {
                return Long.compare(b.cpuNanosSincePrevious, a.cpuNanosSincePrevious);
            }
        });
        long since = previousMillis;
        previous = now;
        previousMillis = System.currentTimeMillis();
        return new Ranking(new ArrayList<Usage>(all.subList(0, Math.min(n, all.size()))), since);
    }
}
