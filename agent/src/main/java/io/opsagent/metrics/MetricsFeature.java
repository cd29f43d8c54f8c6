package io.opsagent.metrics;

import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.metrics.jvm.JvmMemoryMetrics;
import io.opsagent.metrics.jvm.JvmRuntimeMetrics;
import io.opsagent.metrics.jvm.JvmThreadMetrics;
import io.opsagent.metrics.jvm.PoolAllocations;
import io.opsagent.metrics.jvm.ProcessMetrics;
import io.opsagent.util.JvmInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /metrics}: the Prometheus Java client's standard {@code jvm_*} and {@code process_*}
 * families (what jmx_exporter's agent exports), {@code opsagent_agent_info}, and whatever the other
 * features add; Prometheus text 0.0.4 or OpenMetrics 1.0.0, as the {@code Accept} header asks.
 */
public final class MetricsFeature implements Feature {
    private AgentContext ctx;
    private Route route;
    private PoolAllocations allocations;
    private final List<MetricsRegistry.Source> sources = new ArrayList<MetricsRegistry.Source>();

    @Override
    public void start(AgentContext c) {
        this.ctx = c;
        allocations = new PoolAllocations();
        c.gcEvents().subscribe(allocations);
        final String attached = c.attachedHow();
        sources.add(new MetricsRegistry.Source() {
            @Override
            public void write(PrometheusWriter w) {
                w.info("opsagent_agent", "The OpsAgent running in this JVM: its version and how it was attached",
                        "version", JvmInfo.agentVersion(), "attached", attached == null ? "unknown" : attached);
            }
        });
        sources.add(new ProcessMetrics());
        sources.add(new JvmMemoryMetrics());
        sources.add(allocations);
        sources.add(new JvmThreadMetrics());
        sources.add(new JvmRuntimeMetrics());
        for (MetricsRegistry.Source s : sources) {
            c.metrics().add(s);
        }
        route = Route.get("/metrics", Role.MONITOR, "metrics", this::scrape);
        c.router().add(route);
    }

    private Reply scrape(Request r) {
        ExpositionFormat format = AcceptHeader.choose(r.header("Accept"));
        return Reply.bytes(200, format.contentType(), format.write(ctx.metrics().collect()).getBytes(StandardCharsets.UTF_8))
                .header("Vary", "Accept");
    }

    @Override
    public void stop() {
        if (ctx == null) {
            return;
        }
        ctx.router().remove(route);
        ctx.gcEvents().unsubscribe(allocations);
        for (MetricsRegistry.Source s : sources) {
            ctx.metrics().remove(s);
        }
        sources.clear();
    }
}
