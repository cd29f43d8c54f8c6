package io.opsagent.health;

import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;

/**
 * {@code GET /health/live}: the JVM itself, never a dependency (a database outage must not get the
 * JVM restarted). It fails only when threads are deadlocked, which no restart-free fix can cure.
 */
public final class LiveFeature implements Feature {
    private AgentContext ctx;
    private Route route;

    @Override
    public void start(AgentContext c) {
        this.ctx = c;
        route = Route.get("/health/live", Role.MONITOR, "health", this::live);
        c.router().add(route);
    }

    private Reply live(Request r) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        boolean ok = ids == null || ids.length == 0;
        Map<String, Object> body = new LinkedHashMap<String, Object>();
        body.put("status", ok ? "pass" : "fail");
        if (r.role() != Role.PUBLIC) {
            Map<String, Object> check = new LinkedHashMap<String, Object>();
            check.put("componentType", "system");
            check.put("observedValue", ok ? 0 : ids.length);
            check.put("observedUnit", "threads");
            check.put("status", ok ? "pass" : "fail");
            check.put("time", now());
            if (!ok) {
                List<String> names = new ArrayList<String>();
                for (ThreadInfo ti : threads.getThreadInfo(ids)) {
                    if (ti != null) {
                        names.add(ti.getThreadName());
                    }
                }
                check.put("output", "deadlocked threads: " + String.join(", ", names));
            }
            Map<String, Object> checks = new LinkedHashMap<String, Object>();
            List<Object> list = new ArrayList<Object>();
            list.add(check);
            checks.put("deadlock:threads", list);
            body.put("checks", checks);
        }
        return Reply.json(ok ? 200 : 503, Reply.HEALTH_JSON, body);
    }

    static String now() {
        SimpleDateFormat iso = new SimpleDateFormat("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");
        iso.setTimeZone(TimeZone.getTimeZone("UTC"));
        return iso.format(new Date());
    }

    @Override
    public void stop() {
        ctx.router().remove(route);
    }
}
