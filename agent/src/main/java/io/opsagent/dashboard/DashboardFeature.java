package io.opsagent.dashboard;

import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.util.Log;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private final SampleRing ring = new SampleRing(CAPACITY);
    private JvmSampler sampler;
    private volatile boolean samplingFailed;

    @Override
    public void start(AgentContext c) throws Exception {
        final DashboardPage page = DashboardPage.load();
        sampler = new JvmSampler();
        c.scope().gcSubscriber(sampler);
        // The first sample now, so the page has something to draw the moment it opens.
        sampleOnce();
        c.scope().every(new Runnable() {
            @Override
            public void run() {
                sampleOnce();
            }
        }, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        c.scope().route(Route.get("/", Role.MONITOR, GROUP, r -> page.reply()));
        c.scope().route(Route.get("/dashboard/series", Role.MONITOR, GROUP, this::series));
        c.scope().route(Route.get("/dashboard/session", Role.MONITOR, GROUP, this::session));
    }

    /** The whole body is guarded: a task that throws is cancelled silently by the scheduler. */
    private void sampleOnce() {
        try {
            ring.add(sampler.sample());
        } catch (Exception | LinkageError e) {
            if (!samplingFailed) {
                samplingFailed = true;
                Log.warn("the dashboard could not sample the JVM (charts will have gaps)", e);
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
}
