package io.opsagent.health;

import io.opsagent.health.checks.CheckSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The latest result of every configured check, which the endpoints serve as is: a request never
 * runs a check, so a flood of requests costs nothing. Replaced whole, never edited in place.
 */
final class HealthCache {
    private volatile Map<String, CheckResult> results = Collections.emptyMap();
    private volatile CheckResult live;

    /**
     * Keeps one entry per check in {@code current}: the fresh result if it was taken with the same
     * spec, else the previous one of that name (an edited threshold should not flap the status
     * while the first run under the new one is under way), else "not checked yet".
     */
    synchronized void update(Map<String, CheckSpec> current, Map<String, CheckResult> fresh) {
        Map<String, CheckResult> before = results;
        Map<String, CheckResult> next = new LinkedHashMap<String, CheckResult>();
        for (Map.Entry<String, CheckSpec> e : current.entrySet()) {
            CheckResult f = fresh.get(e.getKey());
            CheckResult old = before.get(e.getKey());
            if (f != null && f.spec().equals(e.getValue())) {
                next.put(e.getKey(), f);
            } else if (old != null) {
                next.put(e.getKey(), old);
            } else {
                next.put(e.getKey(), CheckResult.pending(e.getValue()));
            }
        }
        results = Collections.unmodifiableMap(next);
    }

    Map<String, CheckResult> results() {
        return results;
    }

    void live(CheckResult r) {
        live = r;
    }

    CheckResult live() {
        return live;
    }
}
