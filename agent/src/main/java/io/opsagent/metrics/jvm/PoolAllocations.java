package io.opsagent.metrics.jvm;

import io.opsagent.gc.GcEvent;
import io.opsagent.gc.GcEvents;
import io.opsagent.metrics.MetricFamily;
import io.opsagent.metrics.MetricType;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.metrics.PrometheusWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code jvm_memory_pool_allocated_bytes_total}: bytes allocated per pool, counted as the Prometheus Java
 * client counts them, from each collection's before and after: growth since the last collection's after,
 * plus growth during the collection (promotion into the old pool). So it moves only at collections, and
 * counts from the agent's start. The work per notification is a few map look-ups, never blocking.
 */
public final class PoolAllocations implements GcEvents.Subscriber, MetricsRegistry.Source {
    private final ConcurrentMap<String, AtomicLong> lastAfter = new ConcurrentHashMap<String, AtomicLong>();
    private final ConcurrentMap<String, AtomicLong> allocated = new ConcurrentHashMap<String, AtomicLong>();

    @Override
    public void collected(GcEvent event) {
        for (Map.Entry<String, GcEvent.Pool> e : event.pools.entrySet()) {
            add(e.getKey(), e.getValue().usedBefore, e.getValue().usedAfter);
        }
    }

    /** One pool at one collection. */
    void add(String pool, long before, long after) {
        long sinceLast = Math.max(0, before - slot(lastAfter, pool).getAndSet(after));
        long during = Math.max(0, after - before);
        if (sinceLast + during > 0) {
            slot(allocated, pool).addAndGet(sinceLast + during);
        }
    }

    long allocated(String pool) {
        AtomicLong a = allocated.get(pool);
        return a == null ? 0 : a.get();
    }

    private static AtomicLong slot(ConcurrentMap<String, AtomicLong> map, String pool) {
        AtomicLong a = map.get(pool);
        if (a == null) {
            map.putIfAbsent(pool, new AtomicLong());
            a = map.get(pool);
        }
        return a;
    }

    @Override
    public void write(PrometheusWriter w) {
        if (allocated.isEmpty()) {
            return;
        }
        MetricFamily f = w.family("jvm_memory_pool_allocated_bytes", MetricType.COUNTER,
                "Total bytes allocated in a given JVM memory pool. Only updated after GC, not continuously.", null);
        for (Map.Entry<String, AtomicLong> e : allocated.entrySet()) {
            f.add(MetricFamily.TOTAL, e.getValue().get(), "pool", e.getKey());
        }
    }
}
