package io.opsagent.leak;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.Keys;
import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.diag.DiagnosticCommand;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.metrics.PrometheusWriter;
import io.opsagent.profile.sites.AllocationSites;
import io.opsagent.util.DaemonThreads;
import io.opsagent.util.Log;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * {@code GET /leaks}: the floor trend verdict, and the classes that grow between class histograms.
 * Every {@value #TICK_SECONDS} s the verdict is recomputed on the agent's scheduler; while it is not
 * {@code none}, a live histogram is taken (on the agent's own thread) at most every
 * {@code leak.histogram.interval}. The metrics and the endpoint use the same {@link #verdict()}.
 */
public final class LeakFeature implements Feature {
    static final int TICK_SECONDS = 10;
    /**
     * A JVM's own start-up (class loading, JIT, caches, this agent) raises the floor for about a
     * minute; measured here, Parallel churn alone rose 1.2 MiB/min at p = 4e-6 in its first 70 s.
     */
    static final long WARM_UP_MILLIS = 60_000;

    private final FloorSampler sampler = new FloorSampler();
    private final AllocationSites sites;
    private final HistogramTracker histograms = new HistogramTracker();
    private AgentContext ctx;
    private ThreadPoolExecutor histogramThread;
    private String collector;
    private long jvmStartMillis;
    private final MetricsRegistry.Source metrics = new MetricsRegistry.Source() {
        @Override
        public void write(PrometheusWriter w) {
            LeakVerdict v = verdict();
            w.gauge("opsagent_leak_growth_bytes_per_minute", "Growth of the heap floor after GC (Theil-Sen; on G1, ZGC and Shenandoah from live class histograms once three are recent)", v.growthBytesPerMinute);
            w.gauge("opsagent_leak_verdict", "Leak verdict: 0 none, 1 suspected, 2 likely", v.level.code);
            w.gauge("opsagent_leak_floor_samples", "Floors in the leak window", v.samples());
            // NaN rather than absent without a projection, so alerts and dashboards always find the series
            w.gauge("opsagent_leak_exhaustion_time_seconds", "When the fitted heap floor reaches the heap's max (Unix time); NaN without a projection",
                    v.exhaustionMillis > 0 ? v.exhaustionMillis / 1000.0 : Double.NaN);
        }
    };

    public LeakFeature(AllocationSites sites) {
        this.sites = sites;
    }

    @Override
    public void start(AgentContext c) {
        this.ctx = c;
        this.jvmStartMillis = ManagementFactory.getRuntimeMXBean().getStartTime();
        List<String> names = new ArrayList<String>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            names.add(gc.getName());
        }
        collector = FloorRule.collectorLabel(names);
        histogramThread = c.scope().executor(new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<Runnable>(1),
                DaemonThreads.named("leak-histogram"), new ThreadPoolExecutor.DiscardPolicy()), 0);
        histogramThread.allowCoreThreadTimeOut(true);
        c.scope().gcSubscriber(sampler);
        c.scope().route(Route.get("/leaks", Role.MONITOR, "leaks", this::leaks));
        c.scope().metrics(metrics);
        c.scope().every(this::tick, TICK_SECONDS, TICK_SECONDS, TimeUnit.SECONDS);
    }

    /** Now on the same clock as GC event times (JVM start + uptime), so wall-clock jumps do not matter. */
    private long now() {
        return jvmStartMillis + ManagementFactory.getRuntimeMXBean().getUptime();
    }

    LeakVerdict verdict() {
        FloorSampler.Snapshot s = sampler.snapshot();
        long max = s.maxBytes > 0 ? s.maxBytes : Runtime.getRuntime().maxMemory();
        long now = now();
        long notBefore = jvmStartMillis + WARM_UP_MILLIS;
        long[][] series = LeakAnalyzer.oneKind(s.times, s.bytes, s.whole, Math.max(now - window(), notBefore));
        LeakVerdict floors = LeakAnalyzer.analyze(series[0], series[1], now, window(), max, s.floorIntervalHintMillis, notBefore);
        if (!FloorRule.floorsIncludeGarbage(collector)) {
            return floors;
        }
        long[][] live = histograms.liveTotals();
        return LeakAnalyzer.withLiveRate(floors, live[0], live[1], now, keepHistogramsMillis());
    }

    private long window() {
        return ctx.config().get().get(Keys.LEAK_WINDOW);
    }

    private long histogramInterval() {
        return ctx.config().get().get(Keys.LEAK_HISTOGRAM_INTERVAL);
    }

    /** On the shared scheduler: cheap (a few ms at most); the histogram itself runs on its own thread. */
    private void tick() {
        try {
            LeakVerdict v = verdict();
            if (v.level != LeakVerdict.Level.NONE && histograms.waitMillis(histogramInterval()) == 0) {
                histogramThread.execute(this::backgroundHistogram);
            }
            List<String> growing = new ArrayList<String>();
            for (HistogramDiff.Growing g : v.level == LeakVerdict.Level.NONE ? new ArrayList<HistogramDiff.Growing>() : histograms.growing()) {
                growing.add(g.className);
            }
            sites.suspect(growing);
        } catch (Throwable t) {
            Log.debug("leak check failed: " + t);
        }
    }

    private void backgroundHistogram() {
        try {
            histograms.takeIfDue(histogramInterval(), now(), keepHistogramsMillis());
        } catch (DiagnosticCommand.Unsupported e) {
            Log.debug("no class histograms for leak detection: " + e.getMessage());
        } catch (Throwable t) {
            Log.debug("class histogram for leak detection failed: " + t);
        }
    }

    private long keepHistogramsMillis() {
        return Math.max(window(), 4 * histogramInterval());
    }

    private Reply leaks(Request r) throws Exception {
        if (r.query("sites") != null) {
            return sites.onRequest(r);
        }
        if (r.queryFlag("histogram", false)) {
            histogramOnRequest(r);
        }
        LeakVerdict v = verdict();
        AgentConfig cfg = ctx.config().get();
        Map<String, Object> out = LeakReport.render(v, collector, histograms.growing(), histograms.stats(),
                cfg.get(Keys.LEAK_HISTOGRAM_INTERVAL), now());
        long[] cost = sampler.cost();
        Map<String, Object> listener = new LinkedHashMap<String, Object>();
        listener.put("notifications", cost[0]);
        listener.put("nanosPerNotification", sampler.nanosPerNotification());
        out.put("listener", listener);
        sites.annotate(out);
        return Reply.json(200, out);
    }

    /** A live histogram is a full GC of the host: operator only, and still no more often than the interval. */
    private void histogramOnRequest(Request r) {
        if (!r.role().atLeast(Role.OPERATOR)) {
            throw HttpError.roleTooLow("histogram=true takes a live class histogram, a full GC: it needs the operator token",
                    "call GET /leaks without histogram=true, or use the operator token");
        }
        r.auditDetail("histogram=true");
        long interval = histogramInterval();
        try {
            if (!histograms.takeIfDue(interval, now(), keepHistogramsMillis())) {
                long wait = histograms.waitMillis(interval);
                throw new HttpError(429, "a class histogram was taken less than leak.histogram.interval ("
                        + Format.duration(interval) + ") ago", "retry in " + Format.duration(wait) + ", or call without histogram=true")
                        .header("Retry-After", Long.toString(Math.max(1, (wait + 999) / 1000)));
            }
        } catch (DiagnosticCommand.Unsupported e) {
            throw new HttpError(501, e.getMessage(), "class histograms need a HotSpot JVM with the DiagnosticCommand MBean");
        }
    }
}
