package io.opsagent.metrics;

import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics}: the JVM's memory and threads, plus whatever the other features add. */
public final class MetricsFeature implements Feature {
    /** The content type Prometheus expects for the text format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private AgentContext ctx;
    private final MetricsRegistry.Source jvm = new MetricsRegistry.Source() {
        @Override
        public void write(PrometheusWriter w) {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            MemoryUsage nonHeap = ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage();
            w.sample("opsagent_jvm_memory_used_bytes", "gauge", "Used memory by area", heap.getUsed(), "area", "heap");
            w.sample("opsagent_jvm_memory_used_bytes", "gauge", "Used memory by area", nonHeap.getUsed(), "area", "nonheap");
            w.sample("opsagent_jvm_memory_committed_bytes", "gauge", "Committed memory by area", heap.getCommitted(), "area", "heap");
            w.sample("opsagent_jvm_memory_committed_bytes", "gauge", "Committed memory by area", nonHeap.getCommitted(), "area", "nonheap");
            w.sample("opsagent_jvm_memory_max_bytes", "gauge", "Max memory by area (-1 when undefined)", heap.getMax(), "area", "heap");
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                MemoryUsage u = p.getUsage();
                if (u != null) {
                    w.sample("opsagent_jvm_memory_pool_used_bytes", "gauge", "Used memory by pool", u.getUsed(), "pool", p.getName());
                }
            }
            ThreadMXBean t = ManagementFactory.getThreadMXBean();
            w.gauge("opsagent_jvm_threads", "Live threads", t.getThreadCount());
            w.gauge("opsagent_jvm_threads_daemon", "Live daemon threads", t.getDaemonThreadCount());
            w.gauge("opsagent_jvm_classes_loaded", "Classes loaded now", ManagementFactory.getClassLoadingMXBean().getLoadedClassCount());
            w.gauge("opsagent_jvm_uptime_seconds", "Time since the JVM started", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        }
    };

    @Override
    public void start(AgentContext c) {
        this.ctx = c;
        c.scope().metrics(jvm);
        c.scope().route(Route.get("/metrics", Role.MONITOR, "metrics", this::scrape));
    }

    private Reply scrape(Request r) {
        return Reply.bytes(200, CONTENT_TYPE, ctx.metrics().scrape().getBytes(StandardCharsets.UTF_8));
    }
}
