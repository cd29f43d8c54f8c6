package io.opsagent.profile.sites;

import io.opsagent.config.Keys;
import io.opsagent.config.Values;
import io.opsagent.core.AgentContext;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.jfr.JfrReader;
import io.opsagent.profile.NativeProfiler;
import io.opsagent.profile.Profilers;
import io.opsagent.profile.ProfilerSlot;
import io.opsagent.util.DaemonThreads;
import io.opsagent.util.FilePerms;
import io.opsagent.util.IsoTime;
import io.opsagent.util.Log;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The allocation sites of a leaking class, for {@code /leaks}. While the leak analysis names growing
 * classes, they are sampled one at a time, most growing first, each for {@code leak.sites.duration}
 * and at most once per {@link #RESAMPLE_MILLIS} ({@link #EMPTY_RETRY_MILLIS} when nothing matched), on
 * the agent's own thread; a sampling stops early when its class stops growing. {@code GET /leaks?sites=<class>} samples any class on request.
 * Reports are kept per class (the last {@value #KEEP}) and shown beside it.
 */
public final class AllocationSites {
    static final int KEEP = 20;
    /** An automatic sampling of the same class is not repeated within this time. */
    static final long RESAMPLE_MILLIS = 30 * 60_000;
    /**
     * A sampling that matched nothing is repeated after this time instead; one cut short by a verdict
     * that dropped is not shown either (an empty list would read as "no sites" for half an hour).
     */
    static final long EMPTY_RETRY_MILLIS = 60_000;
    static final long MAX_REQUEST_MILLIS = 2 * 60_000;
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*(\\[\\])*");

    private final Profilers profilers;
    /** Insertion order: the oldest report goes first. */
    private final Map<String, SiteReport> reports = new LinkedHashMap<String, SiteReport>();
    private final Map<String, Long> lastAutomatic = new ConcurrentHashMap<String, Long>();
    /** Ends the automatic sampling early (its class stopped growing, or the agent stops). */
    private final AtomicBoolean cancel = new AtomicBoolean();
    /** Ends any sampling early: the agent stops. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile String sampling;
    private volatile AgentContext ctx;
    private ThreadPoolExecutor thread;
    private SiteSampler sampler;

    public AllocationSites(Profilers profilers) {
        this.profilers = profilers;
    }

    public void start(AgentContext c) throws Exception {
        Path dir = FilePerms.privateDir(c.dataDir().resolve("profiles"));
        sampler = new SiteSampler(dir);
        thread = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<Runnable>(1),
                DaemonThreads.named("leak-sites"));
        cancel.set(false);
        stopping.set(false);
        this.ctx = c;
    }

    public void stop() {
        ctx = null;
        cancel.set(true);
        stopping.set(true);
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    /**
     * The leak analysis's growing classes, most growing first; cheap, for the scheduler thread: starts
     * at most one bounded sampling in the background, and cancels one whose class no longer grows.
     */
    public void suspect(List<String> growing) {
        AgentContext c = ctx;
        String now = sampling;
        if (now != null && !growing.contains(now)) {
            cancel.set(true);
        }
        if (c == null || growing.isEmpty() || now != null) {
            return;
        }
        final String cls = nextToSample(growing);
        if (cls == null) {
            return;
        }
        final long millis = c.config().get().get(Keys.LEAK_SITES_DURATION);
        final ProfilerSlot.Held held = profilers.slot().tryTake("allocation sites of " + cls);
        if (held == null) {
            return;
        }
        lastAutomatic.put(cls, System.currentTimeMillis());
        cancel.set(false);
        sampling = cls;
        Runnable task = new Runnable() {
            @Override
            public void run() {
                try {
                    SiteReport report = sampleNow(cls, millis, cancel);
                    if (report.empty()) {
                        // Cut short (the verdict dropped) or unlucky: try again soon rather than in half an hour.
                        long retry = System.currentTimeMillis() + EMPTY_RETRY_MILLIS;
                        lastAutomatic.put(cls, retry - RESAMPLE_MILLIS);
                        report.addNote("no sampled object matched: sampled again from " + IsoTime.seconds(retry) + " while the class grows");
                    }
                    if (!report.empty() || !cancel.get()) {
                        keep(report);
                    }
                    Log.info("allocation sites of growing class " + cls + " sampled: " + report.matched + " matching samples");
                } catch (Throwable t) {
                    Log.warn("allocation sites of " + cls + " could not be sampled: " + t);
                } finally {
                    sampling = null;
                    held.close();
                }
            }
        };
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // the agent is stopping: free what the task would have freed
            sampling = null;
            held.close();
        }
    }

    /** The most growing class not sampled automatically in the last {@link #RESAMPLE_MILLIS}, or null. */
    private String nextToSample(List<String> growing) {
        long now = System.currentTimeMillis();
        for (String cls : growing) {
            Long last = lastAutomatic.get(cls);
            if (last == null || now - last >= RESAMPLE_MILLIS) {
                return cls;
            }
        }
        return null;
    }

    /** Adds {@code allocationSites} to each growing class of a rendered {@code /leaks} report that has them. */
    @SuppressWarnings("unchecked")
    public void annotate(Map<String, Object> leaks) {
        Object classes = leaks.get("growingClasses");
        if (!(classes instanceof List)) {
            return;
        }
        for (Object o : (List<Object>) classes) {
            if (o instanceof Map) {
                Map<String, Object> m = (Map<String, Object>) o;
                String cls = String.valueOf(m.get("className"));
                SiteReport r;
                synchronized (reports) {
                    r = reports.get(JfrReader.javaName(cls));
                }
                if (r != null) {
                    m.put("allocationSites", r.toJson());
                } else if (cls.equals(sampling)) {
                    Map<String, Object> s = new LinkedHashMap<String, Object>();
                    s.put("status", "sampling");
                    m.put("allocationSites", s);
                }
            }
        }
        Map<String, Object> sampler = new LinkedHashMap<String, Object>();
        sampler.put("sampling", sampling);
        synchronized (reports) {
            sampler.put("sampled", new java.util.ArrayList<String>(reports.keySet()));
        }
        leaks.put("allocationSampler", sampler);
    }

    /** {@code GET /leaks?sites=<class>[&duration=10s]} (operator): samples now, for the duration, and answers the sites. */
    public Reply onRequest(Request r) throws Exception {
        if (!r.role().atLeast(Role.OPERATOR)) {
            throw HttpError.roleTooLow("sites= samples allocations in the host: it needs the operator token",
                    "call GET /leaks without sites=, or use the operator token");
        }
        // growingClasses shows arrays as the histogram does ([B): take those as well as byte[]
        String asked = r.query("sites").trim();
        String cls = JfrReader.javaName(asked);
        if (!CLASS_NAME.matcher(cls).matches()) {
            throw HttpError.badRequest("sites=" + asked + " is not a class name", "give a binary class name, e.g. sites=com.acme.Order or sites=byte[]");
        }
        String d = r.query("duration");
        long millis;
        try {
            millis = d == null ? Math.min(ctx.config().get().get(Keys.LEAK_SITES_DURATION), MAX_REQUEST_MILLIS) : Values.parseDurationMillis(d);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("duration=" + d + " " + e.getMessage(), "e.g. duration=10s, from 1s to 2m");
        }
        if (millis < 1000 || millis > MAX_REQUEST_MILLIS) {
            throw HttpError.badRequest("duration=" + d + " is out of bounds", "sites are sampled from 1s to 2m");
        }
        ProfilerSlot.Held held = profilers.slot().take("allocation sites of " + cls + " for " + r.client());
        SiteReport report;
        try {
            report = sampleNow(cls, millis, stopping);
        } finally {
            held.close();
        }
        keep(report);
        r.auditDetail("sites=" + cls + " duration=" + millis + "ms engine=" + report.engine + " matched=" + report.matched);
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("allocationSites", report.toJson());
        return Reply.json(200, out);
    }

    /** Samples {@code growing} (a class histogram's name, {@code [B} for {@code byte[]}) under its Java name, which the samplers report. */
    private SiteReport sampleNow(String growing, long millis, AtomicBoolean until) throws Exception {
        String cls = JfrReader.javaName(growing);
        NativeProfiler p = null;
        String why = null;
        // the user's choice of JFR stands: constructors are instrumented only when nobody chose an engine
        Instrumentation inst = null;
        if (!ctx.config().get().get(Keys.PROFILE_ENGINE).equals("jfr")) {
            inst = ctx.instrumentation();
            try {
                p = profilers.nativeProfiler();
            } catch (NativeProfiler.Unavailable e) {
                why = e.getMessage();
            }
        } else {
            why = "profile.engine=jfr";
        }
        if (p == null && (inst == null || ConstructorSampler.unavailable(inst) != null)) {
            String noJfr = SiteSampler.jfrUnavailable();
            if (noJfr != null) {
                throw new HttpError(501, "allocation sites need async-profiler, class retransformation or JFR: " + why + "; "
                        + (inst == null ? "no java.lang.instrument" : ConstructorSampler.unavailable(inst)) + "; " + noJfr,
                        "run the JVM on Linux x64/arm64 or a JDK with JFR (11+, 8u262+)");
            }
        }
        final SiteReport report = sampler.sample(cls, millis, ctx.config().get().get(Keys.LEAK_SITES_INTERVAL).resolve(0) < 1024 ? 128 * 1024 : ctx.config().get().get(Keys.LEAK_SITES_INTERVAL).resolve(0), p, why, inst, until);
        afterOff(report, millis);
        return report;
    }

    /** The same span after sampling stopped, for the cost figure: what the process used with the sampler off. */
    private void afterOff(final SiteReport report, long millis) {
        AgentContext c = ctx;
        if (c == null) {
            return;
        }
        final CpuMeter meter = new CpuMeter();
        c.scheduler().schedule(new Runnable() {
            @Override
            public void run() {
                report.cost.put("cpuCoresAfterOff", meter.cores());
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void keep(SiteReport report) {
        synchronized (reports) {
            keepLocked(report);
        }
    }

    private void keepLocked(SiteReport report) {
        SiteReport before = reports.get(report.className);
        if (report.empty() && before != null && !before.empty()) {
            // an unlucky window says less than the sites already found
            return;
        }
        reports.remove(report.className);
        reports.put(report.className, report);
        while (reports.size() > KEEP) {
            reports.remove(reports.keySet().iterator().next());
        }
    }
}
