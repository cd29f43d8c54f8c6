package io.opsagent.leak;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.Keys;
import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.diag.DiagnosticCommand;
import io.opsagent.gc.GcOverhead;
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
import java.lang.management.MemoryPoolMXBean;
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
    /**
     * Short, so a histogram starts within 2 s of the young collection that triggers it and spacing
     * stays on time: at 5 s, G1 512 MiB with a 1 MiB/s leak lost up to 5 s at each of the trigger and
     * three histograms. A tick recomputes the verdict only when new data came (see {@link #tickVerdict}).
     */
    static final int TICK_SECONDS = 2;
    /** GC time and class counts are sampled every this many ticks (10 s): Metaspace's trend test was tuned on it. */
    static final int SAMPLE_EVERY_TICKS = 5;
    /** Without new GC data or histograms, a tick recomputes the verdict at most this often. */
    static final long RECHECK_MILLIS = 10_000;
    /**
     * A background histogram due within this much of a tick is taken on it: otherwise a 20 s spacing
     * checked on ticks that fire a few ms early becomes one tick longer.
     */
    static final long TICK_SLACK_MILLIS = 1_000;
    /**
     * A JVM's own start-up (class loading, JIT, caches, this agent) raises the floor for about a
     * minute; measured here, Parallel churn alone rose 1.2 MiB/min at p = 4e-6 in its first 70 s.
     */
    static final long WARM_UP_MILLIS = 60_000;
    /**
     * The upper bound's own warm-up is shorter: it only ever raises {@code suspected}, which live
     * histograms then confirm or clear, and a fast leak must be flagged within 90 s of start. At 30 s,
     * G1 512 MiB (a young collection every 11 s on JDK 25: at 13, 24, 35, 46 s) had its third point at
     * 53 s and was flagged at 106 s; at 15 s, at 46 s and 91 s. Start-up's own rise in the first
     * seconds only costs two histograms, which clear it.
     */
    static final long UPPER_BOUND_WARM_UP_MILLIS = 10_000;
    /** Who the audit log names for the histograms the agent takes by itself. */
    static final String AUDIT_CLIENT = "opsagent (leak detection)";

    private final FloorSampler sampler = new FloorSampler();
    private final AllocationSites sites;
    private final HistogramTracker histograms = new HistogramTracker();
    private AgentContext ctx;
    private ThreadPoolExecutor histogramThread;
    private String collector;
    private long jvmStartMillis;
    /** (time, GC ms so far) per tick, about the last minute: the share of time spent collecting. */
    private final TimeSeries gcTime = new TimeSeries(7);
    /** (time, loaded minus unloaded classes, Metaspace used) per tick. */
    private final TimeSeries classes = new TimeSeries(256);
    /** Whether the last verdict said the heap is close to exhaustion (hysteresis for the next). */
    private boolean wasNear;
    /** The last verdict's level, held while the heap is near exhaustion. */
    private LeakVerdict.Level lastLevel = LeakVerdict.Level.NONE;
    /** The last raised verdict away from exhaustion: its figures stand while near exhaustion flattens the slope. */
    private LeakVerdict lastRaised;
    /** The last verdict live histograms confirmed from the bound, and when. */
    private LeakVerdict confirmed;
    private long confirmedAt;
    /** The bound's last suspicion, held until live histograms confirm or clear it. */
    private LeakVerdict upperSuspicion;
    /**
     * When histograms last cleared the bound's rise: for one configured histogram interval after that,
     * only the strict rise takes histograms again, not the early trigger (a healthy heap that promotes
     * a lot would otherwise cost a pair of full GCs every minute).
     */
    private long clearedAt = Long.MIN_VALUE;
    /** Ticks so far (scheduler thread only). */
    private long ticks;
    /** The last verdict a tick computed, with what it was computed from (scheduler thread only). */
    private LeakVerdict lastTickVerdict;
    private long lastTickNotifications;
    private long lastTickHistograms;
    private long lastTickAt;
    private final MetricsRegistry.Source metrics = new MetricsRegistry.Source() {
        @Override
        public void write(PrometheusWriter w) {
            LeakVerdict v = verdict();
            w.gauge("opsagent_leak_growth_bytes_per_minute", "Growth of the heap floor after GC (Theil-Sen; from live class histograms once two are recent)", v.growthBytesPerMinute);
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

    /**
     * Floors first; while they are too few, the upper bound after young collections, confirmed or
     * cleared by live histograms; then held while the heap is near exhaustion.
     */
    synchronized LeakVerdict verdict() {
        FloorSampler.Snapshot s = sampler.snapshot();
        long max = s.maxBytes > 0 ? s.maxBytes : Runtime.getRuntime().maxMemory();
        long now = now();
        long notBefore = jvmStartMillis + WARM_UP_MILLIS;
        long[][] series = LeakAnalyzer.oneKind(s.times, s.bytes, s.whole, Math.max(now - window(), notBefore));
        // Floors from the first minute do not count, but their spacing still says when the next ones come.
        long hint = s.times.length >= 2 ? (s.times[s.times.length - 1] - s.times[0]) / (s.times.length - 1) : s.floorIntervalHintMillis;
        LeakVerdict v = LeakAnalyzer.analyze(series[0], series[1], now, window(), max, hint, notBefore, s.times.length);
        long[][] live = histograms.liveTotals();
        if (v.dataEtaMillis != 0) {
            v = fromBound(s, live, now, max, v, clearedAt == Long.MIN_VALUE || now - clearedAt >= histogramInterval());
        } else {
            if (LeakAnalyzer.shortSpan(v) && risingHistograms(v, live, now) == 0) {
                v = LeakAnalyzer.heldShortSpan(v);
            }
            v = keepConfirmed(v, live, now);
            if (v.level == LeakVerdict.Level.NONE && !v.awaitsHistograms) {
                v = UpperBound.overFloors(v, fromBound(s, live, now, max, v, false));
            }
            v = LeakAnalyzer.withLiveRate(v, live[0], live[1], now, keepHistogramsMillis());
        }
        int last = s.times.length - 1;
        String near = Exhaustion.check(last < 0 ? -1 : s.times[last], last < 0 ? -1 : s.bytes[last], max, gcShare(), now, wasNear);
        wasNear = near != null;
        if (near != null && lastRaised != null && lastRaised.level.code > v.level.code) {
            // The recent slope is flat because the application barely runs: keep the last raised figures.
            v = lastRaised.nearExhaustion(lastRaised.level, near + "; the rate and projection are from the last raised verdict, "
                    + "not the recent slope (" + Format.bytes((long) v.growthBytesPerMinute) + "/min), which flattens when the JVM mostly collects");
        } else if (near != null) {
            v = v.nearExhaustion(Exhaustion.hold(v.level, lastLevel, true), near);
        } else if (v.level != LeakVerdict.Level.NONE) {
            lastRaised = v;
        }
        lastLevel = v.level;
        return v;
    }

    /**
     * The upper bound's suspicion, confirmed or cleared by live histograms, or {@code fallback} when
     * the bound does not rise. {@code early}: also a steep rise over a few points (see
     * {@link UpperBound#analyze}); not once floors judge, where it would take a histogram (a full GC)
     * at every promotion burst of a healthy heap.
     */
    private LeakVerdict fromBound(FloorSampler.Snapshot s, long[][] live, long now, long max, LeakVerdict fallback, boolean early) {
        LeakVerdict v = fallback;
        long[][] bound = UpperBound.envelope(s.upperTimes, s.upperBytes, s.times, s.bytes);
        LeakVerdict suspicion = UpperBound.analyze(bound[0], bound[1], now, window(), max, jvmStartMillis + UPPER_BOUND_WARM_UP_MILLIS,
                early);
        // A histogram's full GC pulls the bound down to the live data, which breaks its line for a
        // while: the suspicion stands until the histograms themselves decide.
        suspicion = UpperBound.hold(suspicion, upperSuspicion, now, keepHistogramsMillis());
        upperSuspicion = suspicion;
        if (suspicion != null) {
            // Histograms come at the pace of the verdict shown (tick), which once confirmed is the histograms' own
            // projection, slower than the bound's: the look-back must still hold the four a slow rise needs.
            // Measured: 200 KiB/s on Serial 512 MiB, confirmed at 163 s, histograms 66-72 s apart, fell to none at
            // 360 s with three of them in a look-back paced by the bound.
            long paced = paced(suspicion, true, live, now);
            if (confirmed != null) {
                paced = Math.max(paced, paced(confirmed, true, live, now));
            }
            long lookBack = LiveConfirmation.lookBack(paced);
            v = LiveConfirmation.confirm(suspicion, live[0], live[1], now, lookBack);
            if (LeakVerdict.UPPER_BOUND.equals(v.signal) && s.cycleTimes.length > 0) {
                // Histograms have not decided: G1's own marking cycles (JDK 20+) may have, at no cost.
                long[][] cycles = LiveConfirmation.spaced(s.cycleTimes, s.cycleBytes, jvmStartMillis + UPPER_BOUND_WARM_UP_MILLIS);
                LeakVerdict byCycles = LiveConfirmation.confirm(suspicion, cycles[0], cycles[1], now, lookBack, LiveConfirmation.Measure.G1_CYCLES);
                if (!LeakVerdict.UPPER_BOUND.equals(byCycles.signal)) {
                    v = byCycles;
                }
            }
            if (!UpperBound.wantsHistograms(v)) {
                upperSuspicion = null; // cleared by the histograms or the marking cycles
                confirmed = null;
                clearedAt = now;
            } else if (v.level != LeakVerdict.Level.NONE) {
                confirmed = v;
                confirmedAt = now;
            } else if (confirmed != null && now - confirmedAt < keepHistogramsMillis() && !LiveConfirmation.decelerates(LiveConfirmation.newest(live))) {
                // Confirmed earlier and the newest histograms have not spoken yet: do not fall back to "none".
                // Unless they flatten: a 200 MB cache filling at 2 MB/s on Serial 2 GiB (its old generation
                // full in 10 minutes at that rate) was likely at 96 s and held so for 80 s after its plateau.
                v = confirmed;
            }
        }
        return v;
    }

    /**
     * Once there are enough floors, they judge; but a verdict live histograms confirmed does not drop
     * while the newest histograms still rise at every step. Measured: generational ZGC at 512 MiB with
     * a 1 MiB/s leak went likely (histograms), then none twice in the next minute, when its floors (our
     * histograms' cycles among its own) read "not lately". The same holds a verdict the floors raised,
     * from one check to the next (never revived): generational ZGC at 256 MiB, 250 KB/s, fell to none
     * for 40 s while four histograms rose 40, 48, 50, 53 MB, and none took no more histograms.
     */
    private LeakVerdict keepConfirmed(LeakVerdict v, long[][] live, long now) {
        LeakVerdict held = confirmed != null ? confirmed : lastLevel != LeakVerdict.Level.NONE ? lastRaised : null;
        if (held == null || v.level.code >= held.level.code) {
            return v;
        }
        int rising = risingHistograms(v.exhaustionMillis > 0 ? v : held, live, now);
        if (rising == 0) {
            return v;
        }
        return held.with(held.level, "the newest " + rising + " live class histograms still rise at every step (exact live data), so it stays "
                + held.level.label() + " although the floors say: " + v.reason, LeakVerdict.LIVE_HISTOGRAMS);
    }

    /**
     * Spacing of background histograms for {@code v}: by its projection ({@link HistogramTracker#pacedInterval}),
     * and, when the newest histograms say the heap does not run out soon at their own rate, as
     * {@link LiveConfirmation#pacedForLiveRate} widens it.
     */
    private long paced(LeakVerdict v, boolean raised, long[][] live, long now) {
        long paced = HistogramTracker.pacedInterval(histogramInterval(), raised, v.exhaustionMillis > 0 ? Math.max(0, v.exhaustionMillis - now) : -1);
        return raised ? LiveConfirmation.pacedForLiveRate(paced, live[0], live[1], now, v.maxBytes) : paced;
    }

    /** {@link LiveConfirmation#risingHistograms} over the look-back that {@code v}'s projection paces. */
    private int risingHistograms(LeakVerdict v, long[][] live, long now) {
        return LiveConfirmation.risingHistograms(live[0], live[1], now, LiveConfirmation.lookBack(paced(v, true, live, now)), v.maxBytes, v.windowMillis);
    }



    /** Share of wall time spent collecting over about the last minute, -1 before two ticks. */
    private double gcShare() {
        synchronized (gcTime) {
            long[][] g = gcTime.copy();
            int n = g[0].length;
            if (n < 2 || g[0][n - 1] <= g[0][0]) {
                return -1;
            }
            return Math.min(1.0, (g[1][n - 1] - g[1][0]) / (double) (g[0][n - 1] - g[0][0]));
        }
    }

    private void sampleGcAndClasses() {
        long now = now();
        synchronized (gcTime) {
            gcTime.add(now, GcOverhead.totalMillis(), 0);
        }
        long metaspace = -1;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                metaspace = pool.getUsage().getUsed();
            }
        }
        synchronized (classes) {
            classes.add(now, ManagementFactory.getClassLoadingMXBean().getLoadedClassCount(), metaspace);
        }
    }

    MetaspaceTrend.Result metaspace() {
        long[][] c;
        synchronized (classes) {
            c = classes.copy();
        }
        return MetaspaceTrend.analyze(c[0], c[1], c[2], now(), window(), jvmStartMillis + WARM_UP_MILLIS);
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
            if (ticks++ % SAMPLE_EVERY_TICKS == 0) {
                sampleGcAndClasses();
            }
            LeakVerdict v = tickVerdict();
            boolean raised = UpperBound.wantsHistograms(v);
            final long interval = paced(v, raised, histograms.liveTotals(), now());
            if (raised && histograms.waitMillis(interval) <= TICK_SLACK_MILLIS) {
                histogramThread.execute(() -> backgroundHistogram(interval));
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

    /**
     * The verdict for this tick: recomputed when a GC notification or a histogram came since the last
     * one, else at most every {@link #RECHECK_MILLIS} (without new data it changes only with time: the
     * window's edge, a held rise's expiry). Measured: up to 7 ms for a full analysis at 256 points,
     * which every 2 s would be 0.35% of a core.
     */
    private LeakVerdict tickVerdict() {
        long notifications = sampler.cost()[0];
        long taken = histograms.stats()[0];
        long now = now();
        if (lastTickVerdict == null || notifications != lastTickNotifications || taken != lastTickHistograms || now - lastTickAt >= RECHECK_MILLIS) {
            lastTickVerdict = verdict();
            lastTickNotifications = notifications;
            lastTickHistograms = taken;
            lastTickAt = now;
        }
        return lastTickVerdict;
    }

    private void backgroundHistogram(long interval) {
        try {
            if (histograms.takeIfDue(interval - TICK_SLACK_MILLIS, now(), keepHistogramsMillis())) {
                long[] st = histograms.stats();
                ctx.audit().record(AUDIT_CLIENT, Role.OPERATOR, "live class histogram (leak suspected)", 200,
                        "pauseMillis=" + st[3] + " spacing=" + Format.duration(interval));
            }
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
        // Histograms the upper bound's rise took on a healthy heap (start-up, promoted garbage) name
        // classes that grew by chance between two of them: a class is named only while a leak is raised.
        List<HistogramDiff.Growing> growing = v.level == LeakVerdict.Level.NONE ? new ArrayList<HistogramDiff.Growing>() : histograms.growing();
        Map<String, Object> out = LeakReport.render(v, collector, growing, histograms.stats(),
                cfg.get(Keys.LEAK_HISTOGRAM_INTERVAL), histograms.pauses(), now());
        double share = gcShare();
        if (share >= 0) {
            out.put("gcTimeShare", Math.round(share * 1000) / 1000.0);
        }
        out.put("metaspace", LeakReport.metaspace(metaspace()));
        long[] cost = sampler.cost();
        Map<String, Object> listener = new LinkedHashMap<String, Object>();
        listener.put("notifications", cost[0]);
        listener.put("nanosPerNotification", sampler.nanosPerNotification());
        out.put("listener", listener);
        FloorSampler.Snapshot snap = sampler.snapshot();
        if (snap.cycleTimes.length > 0) {
            out.put("g1Cycles", LeakReport.cycles(snap.cycleTimes, snap.cycleBytes));
        }
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
