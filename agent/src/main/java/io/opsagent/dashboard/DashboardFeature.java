package io.opsagent.dashboard;

import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.util.Log;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /}: a page that reads the JSON endpoints with the caller's own credentials (a browser sends the
 * token as a Basic password). {@code GET /dashboard/series}: the JVM's vital signs every
 * {@value #INTERVAL_MILLIS} ms for the last {@value #CAPACITY} samples (10 minutes), sampled on the agent's
 * scheduler from the moment the feature starts. {@code GET /dashboard/session}: the caller's role, so the page
 * offers actions only to an operator without probing an operator route.
 */
public final class DashboardFeature implements Feature {
    static final long INTERVAL_MILLIS = 2000;
    static final int CAPACITY = 300;
    /** The header the server's CSRF rule asks of Basic-authenticated state changes; the page sends it. */
    static final String CSRF_HEADER = "X-OpsAgent-CSRF";
    private static final String GROUP = "dashboard";

    private final List<Route> routes = new ArrayList<Route>();
    private final SampleRing ring = new SampleRing(CAPACITY);
    private AgentContext ctx;
    private JvmSampler sampler;
    private ScheduledFuture<?> sampling;
    private volatile boolean samplingFailed;

    @Override
    public void start(AgentContext c) throws Exception {
        this.ctx = c;
        final DashboardPage page = DashboardPage.load();
        sampler = new JvmSampler();
        c.gcEvents().subscribe(sampler);
        // The first sample now, so the page has something to draw the moment it opens.
        sampleOnce();
        sampling = c.scheduler().scheduleAtFixedRate(new Runnable() {
            @Override
            public void run() {
                sampleOnce();
            }
        }, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        routes.add(Route.get("/", Role.MONITOR, GROUP, r -> page.reply()));
        routes.add(Route.get("/dashboard/series", Role.MONITOR, GROUP, this::series));
        routes.add(Route.get("/dashboard/session", Role.MONITOR, GROUP, this::session));
        for (Route r : routes) {
            c.router().add(r);
        }
    }

    /** The whole body is guarded: a task that throws is cancelled silently by the scheduler. */
    private void sampleOnce() {
        try {
            ring.add(sampler.sample());
        } catch (Exception | LinkageError e) {
            if (!samplingFailed) {
                samplingFailed = true;
                Log.warn("the dashboard could not sample the JVM (charts will have gaps): " + e);
            }
        }
    }

    private Reply series(Request r) {
        String since = r.query("since");
        long after = 0;
        if (since != null) {
            try {
                after = Long.parseLong(since.trim());
            } catch (NumberFormatException e) {
                throw HttpError.badRequest("since=" + since + " is not a time in epoch milliseconds",
                        "use the last \"time\" value you received, or leave since out for the whole ring");
            }
        }
        return Reply.json(200, SeriesJson.render(ring.since(after), INTERVAL_MILLIS, ring.capacity(), System.currentTimeMillis()));
    }

    private Reply session(Request r) {
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("role", r.role().label());
        out.put("actions", r.role().atLeast(Role.OPERATOR));
        out.put("csrfHeader", CSRF_HEADER);
        out.put("sampleIntervalMillis", INTERVAL_MILLIS);
        out.put("samplesKept", CAPACITY);
        return Reply.json(200, out);
    }

    @Override
    public void stop() {
        if (sampling != null) {
            sampling.cancel(false);
        }
        if (sampler != null) {
            ctx.gcEvents().unsubscribe(sampler);
        }
        for (Route r : routes) {
            ctx.router().remove(r);
        }
        routes.clear();
    }
}
