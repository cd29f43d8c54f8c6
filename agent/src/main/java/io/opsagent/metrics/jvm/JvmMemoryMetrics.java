package io.opsagent.metrics.jvm;

import io.opsagent.metrics.MetricFamily;
import io.opsagent.metrics.MetricType;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.metrics.PrometheusWriter;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;

/**
 * {@code jvm_memory_*}, {@code jvm_memory_pool_*} and {@code jvm_buffer_pool_*}: the Prometheus Java
 * client's memory families, same names, labels ({@code area}, {@code pool}) and units, so dashboards
 * written for jmx_exporter read them unchanged. Pool usage after the last collection only exists for
 * pools the collector reports it for, as there.
 */
public final class JvmMemoryMetrics implements MetricsRegistry.Source {
    private static final String BYTES = "bytes";
    private static final String[] AREAS = {"heap", "nonheap"};
    private static final String[] KINDS = {"used", "committed", "max", "init"};

    @Override
    public void write(PrometheusWriter w) {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        w.family("jvm_memory_objects_pending_finalization", MetricType.GAUGE, "The number of objects waiting in the finalizer queue.", null)
                .add("", memory.getObjectPendingFinalizationCount());
        MemoryUsage[] areas = {memory.getHeapMemoryUsage(), memory.getNonHeapMemoryUsage()};
        for (String kind : KINDS) {
            MetricFamily f = w.family("jvm_memory_" + kind + "_bytes", MetricType.GAUGE, help(kind) + " of a given JVM memory area.", BYTES);
            for (int i = 0; i < AREAS.length; i++) {
                f.add("", value(areas[i], kind), "area", AREAS[i]);
            }
        }
        pools(w, "jvm_memory_pool_", "", false);
        pools(w, "jvm_memory_pool_collection_", " after last collection", true);
        buffers(w);
    }

    private static void pools(PrometheusWriter w, String prefix, String when, boolean afterCollection) {
        for (String kind : KINDS) {
            MetricFamily f = w.family(prefix + kind + "_bytes", MetricType.GAUGE, help(kind) + when + " of a given JVM memory pool.", BYTES);
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage u = afterCollection ? p.getCollectionUsage() : p.getUsage();
                if (u != null) {
                    f.add("", value(u, kind), "pool", p.getName());
                }
            }
        }
    }

    private static void buffers(PrometheusWriter w) {
        MetricFamily used = w.family("jvm_buffer_pool_used_bytes", MetricType.GAUGE, "Used bytes of a given JVM buffer pool.", BYTES);
        MetricFamily capacity = w.family("jvm_buffer_pool_capacity_bytes", MetricType.GAUGE, "Bytes capacity of a given JVM buffer pool.", BYTES);
        MetricFamily count = w.family("jvm_buffer_pool_used_buffers", MetricType.GAUGE, "Used buffers of a given JVM buffer pool.", null);
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            used.add("", b.getMemoryUsed(), "pool", b.getName());
            capacity.add("", b.getTotalCapacity(), "pool", b.getName());
            count.add("", b.getCount(), "pool", b.getName());
        }
    }

    private static String help(String kind) {
        return "used".equals(kind) ? "Used bytes" : "committed".equals(kind) ? "Committed bytes" : "max".equals(kind) ? "Max bytes" : "Initial bytes";
    }

    private static long value(MemoryUsage u, String kind) {
        return "used".equals(kind) ? u.getUsed() : "committed".equals(kind) ? u.getCommitted() : "max".equals(kind) ? u.getMax() : u.getInit();
    }
}
