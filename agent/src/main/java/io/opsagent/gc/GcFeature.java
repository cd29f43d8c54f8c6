package io.opsagent.gc;

import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.metrics.PrometheusWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /gc}: collectors, counts, times, GC overhead, and the last collections as reported. */
public final class GcFeature implements Feature {
    private static final int DEFAULT_LAST = 20;

    private AgentContext ctx;
    private final MetricsRegistry.Source metrics = new MetricsRegistry.Source() {
        @Override
        public void write(PrometheusWriter w) {
            // counts and times per collector are jvm_gc_collection_seconds (metrics feature)
            w.gauge("opsagent_jvm_gc_overhead_ratio", "Share of the JVM's uptime spent in GC", GcOverhead.sinceStart());
        }
    };

    @Override
    public void start(AgentContext c) {
        this.ctx = c;
        c.gcEvents().start();
        c.scope().onClose(c.gcEvents()::stop);
        c.scope().route(Route.get("/gc", Role.MONITOR, "gc", this::gc));
        c.scope().metrics(metrics);
    }

    private Reply gc(Request r) {
        int last = DEFAULT_LAST;
        String q = r.query("last");
        if (q != null) {
            try {
                last = Integer.parseInt(q);
            } catch (NumberFormatException e) {
                last = -1;
            }
            if (last < 0 || last > 100) {
                throw HttpError.badRequest("last=" + q + " is not a number from 0 to 100", "use last=20, for example");
            }
        }
        List<Map<String, Object>> collectors = new ArrayList<Map<String, Object>>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            Map<String, Object> m = new LinkedHashMap<String, Object>();
            m.put("name", gc.getName());
            m.put("count", gc.getCollectionCount());
            m.put("timeMillis", gc.getCollectionTime());
            m.put("pools", Arrays.asList(gc.getMemoryPoolNames()));
            collectors.add(m);
        }
        List<GcEvent> events = ctx.gcEvents().recent();
        List<GcEvent> tail = events.subList(Math.max(0, events.size() - last), events.size());
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("collectors", collectors);
        out.put("overheadPercent", Math.round(GcOverhead.sinceStart() * 10000) / 100.0);
        out.put("uptimeMillis", ManagementFactory.getRuntimeMXBean().getUptime());
        out.put("events", tail);
        return Reply.json(200, out);
    }
}
