package io.opsagent.metrics.jvm;

import io.opsagent.metrics.MetricFamily;
import io.opsagent.metrics.MetricType;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.metrics.PrometheusWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code jvm_threads_*} as the Prometheus Java client names them. Threads by state come from one
 * {@code getThreadInfo} call without stacks over every live thread; a thread that ended between the two
 * calls counts as {@code UNKNOWN}, a state the client always lists.
 */
public final class JvmThreadMetrics implements MetricsRegistry.Source {
    private static final String UNKNOWN = "UNKNOWN";

    @Override
    public void write(PrometheusWriter w) {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        w.gauge("jvm_threads_current", "Current thread count of a JVM", t.getThreadCount());
        w.gauge("jvm_threads_daemon", "Daemon thread count of a JVM", t.getDaemonThreadCount());
        w.gauge("jvm_threads_peak", "Peak thread count of a JVM", t.getPeakThreadCount());
        w.counter("jvm_threads_started_total", "Started thread count of a JVM", t.getTotalStartedThreadCount());
        w.gauge("jvm_threads_deadlocked", "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors or ownable synchronizers",
                length(t.findDeadlockedThreads()));
        w.gauge("jvm_threads_deadlocked_monitor", "Cycles of JVM-threads that are in deadlock waiting to acquire object monitors",
                length(t.findMonitorDeadlockedThreads()));
        Map<Thread.State, Integer> byState = new EnumMap<Thread.State, Integer>(Thread.State.class);
        for (Thread.State s : Thread.State.values()) {
            byState.put(s, 0);
        }
        int unknown = 0;
        for (ThreadInfo i : t.getThreadInfo(t.getAllThreadIds(), 0)) {
            if (i == null) {
                unknown++;
            } else {
                byState.put(i.getThreadState(), byState.get(i.getThreadState()) + 1);
            }
        }
        MetricFamily f = w.family("jvm_threads_state", MetricType.GAUGE, "Current count of threads by state", null);
        for (Map.Entry<Thread.State, Integer> e : byState.entrySet()) {
            f.add("", e.getValue(), "state", e.getKey().name());
        }
        f.add("", unknown, "state", UNKNOWN);
    }

    private static int length(long[] ids) {
        return ids == null ? 0 : ids.length;
    }
}
