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

/**
 * {@code GET /metrics}: the Prometheus Java client's standard {@code jvm_*} and {@code process_*}
 * families (what jmx_exporter's agent exports), {@code opsagent_agent_info}, and whatever the other
 * features add; Prometheus text 0.0.4 or OpenMetrics 1.0.0, as the {@code Accept} header asks.
 */
public final class MetricsFeature implements Feature {
    private AgentContext ctx;

    @Override
    public void start(AgentContext c) {
        this.ctx = c;
        final String attached = c.attachedHow();
        c.scope().metrics(new MetricsRegistry.Source() {
            @Override
            public void write(PrometheusWriter w) {
                w.info("opsagent_agent", "The OpsAgent running in this JVM: its version and how it was attached",
                        "version", JvmInfo.agentVersion(), "attached", attached == null ? "unknown" : attached);
            }
        });
        c.scope().metrics(new ProcessMetrics());
        c.scope().metrics(new JvmMemoryMetrics());
        PoolAllocations allocations = new PoolAllocations();
        c.scope().gcSubscriber(allocations);
        c.scope().metrics(allocations);
        c.scope().metrics(new JvmThreadMetrics());
        c.scope().metrics(new JvmRuntimeMetrics());
        c.scope().route(Route.get("/metrics", Role.MONITOR, "metrics", this::scrape));
    }

    private Reply scrape(Request r) {
        ExpositionFormat format = AcceptHeader.choose(r.header("Accept"));
        return Reply.bytes(200, format.contentType(), format.write(ctx.metrics().collect()).getBytes(StandardCharsets.UTF_8))
                .header("Vary", "Accept");
    }
}
