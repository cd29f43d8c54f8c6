package io.opsagent.health;

import io.opsagent.core.Readiness;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The health routes. Each answers from the cache, so the answer is as fast as the monitoring tool
 * wants and costs the JVM nothing; callers without a token see the status only.
 */
final class HealthEndpoints {
    static final String GROUP = "health";

    private final HealthCache cache;
    private final Readiness readiness;

    HealthEndpoints(HealthCache cache, Readiness readiness) {
        this.cache = cache;
        this.readiness = readiness;
    }

    List<Route> routes() {
        List<Route> r = new ArrayList<Route>();
        r.add(Route.get("/health", Role.MONITOR, GROUP, this::all));
        r.add(Route.get("/health/ready", Role.MONITOR, GROUP, this::ready));
        r.add(Route.get("/health/live", Role.MONITOR, GROUP, this::live));
        r.add(Route.get("/health/checks/{name}", Role.MONITOR, null, this::one));
        return r;
    }

    private Reply all(Request r) {
        return answer(r, HealthReport.of(cache.results().values()));
    }

    private Reply ready(Request r) {
        List<CheckResult> critical = new ArrayList<CheckResult>();
        for (CheckResult c : cache.results().values()) {
            if (c.spec().critical()) {
                critical.add(c);
            }
        }
        List<String> holds = new ArrayList<String>();
        for (String why : readiness.reasons()) {
            holds.add("not ready: " + why);
        }
        return answer(r, HealthReport.of(critical, holds));
    }

    private Reply live(Request r) {
        CheckResult live = cache.live();
        if (live == null) {
            live = LiveCheck.result();
        }
        return answer(r, HealthReport.of(Collections.singletonList(live)));
    }

    private Reply one(Request r) {
        String name = r.pathParam("name");
        Map<String, CheckResult> all = cache.results();
        CheckResult c = all.get(name);
        if (c == null) {
            throw HttpError.notFound("no check named '" + name + "'",
                    all.isEmpty() ? "configure one with check." + name + ".type=..." : "configured checks: " + String.join(", ", all.keySet()));
        }
        return answer(r, HealthReport.single(c));
    }

    private static Reply answer(Request r, HealthReport report) {
        return Reply.json(report.status().httpStatus(), Reply.HEALTH_JSON, report.toJson(r.role() != Role.PUBLIC))
                .header("Cache-Control", "no-store");
    }
}
