package io.opsagent.health;

import io.opsagent.util.IsoTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An aggregate answer in the IETF "Health Check Response Format for HTTP APIs": a failing critical
 * check fails the whole, a failing non-critical one only warns. Pure data in, pure data out.
 */
final class HealthReport {
    private final Status status;
    private final List<CheckResult> results;
    private final List<String> notes;

    private HealthReport(Status status, List<CheckResult> results, List<String> notes) {
        this.status = status;
        this.results = results;
        this.notes = notes;
    }

    /** Aggregates results; {@code notes} are extra reasons to fail (readiness holds), each failing the whole. */
    static HealthReport of(Collection<CheckResult> results, List<String> notes) {
        Status s = notes.isEmpty() ? Status.PASS : Status.FAIL;
        for (CheckResult r : results) {
            Status st = r.status();
            s = s.worst(st == Status.FAIL && !r.spec().critical() ? Status.WARN : st);
        }
        return new HealthReport(s, new ArrayList<CheckResult>(results), notes);
    }

    /** One check on its own: its status as it is, since the caller watches that dependency alone. */
    static HealthReport single(CheckResult result) {
        return new HealthReport(result.status(), Collections.singletonList(result), Collections.<String>emptyList());
    }

    static HealthReport of(Collection<CheckResult> results) {
        return of(results, Collections.<String>emptyList());
    }

    Status status() {
        return status;
    }

    /** The body: status only for callers without a token, the checks for everyone else. */
    Map<String, Object> toJson(boolean details) {
        Map<String, Object> body = new LinkedHashMap<String, Object>();
        body.put("status", status.label());
        if (!details) {
            return body;
        }
        List<String> why = new ArrayList<String>(notes);
        for (CheckResult r : results) {
            if (r.status() != Status.PASS) {
                why.add(r.spec().name() + ": " + r.output());
            }
        }
        if (!why.isEmpty()) {
            body.put("output", String.join("; ", why));
        }
        Map<String, Object> checks = new LinkedHashMap<String, Object>();
        for (CheckResult r : results) {
            List<Object> list = new ArrayList<Object>();
            list.add(r.toJson());
            checks.put(r.key(), list);
        }
        body.put("checks", checks);
        return body;
    }
}
