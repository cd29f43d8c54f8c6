package io.opsagent.health;

import io.opsagent.health.checks.CheckSpec;
import io.opsagent.util.IsoTime;
import java.util.LinkedHashMap;
import java.util.Map;

/** One check's latest outcome, as the endpoints serve it: immutable, with when it was taken and how long it took. */
final class CheckResult {
    private final CheckSpec spec;
    private final Status status;
    private final Number value;
    private final String output;
    private final long timeMillis;
    private final double durationMillis;

    CheckResult(CheckSpec spec, Status status, Number value, String output, long timeMillis, double durationMillis) {
        this.spec = spec;
        this.status = status;
        this.value = value;
        this.output = output;
        this.timeMillis = timeMillis;
        this.durationMillis = durationMillis;
    }

    /** A check that has not run yet since it was configured. */
    static CheckResult pending(CheckSpec spec) {
        return new CheckResult(spec, Status.WARN, null, "not checked yet", System.currentTimeMillis(), 0);
    }

    CheckSpec spec() {
        return spec;
    }

    Status status() {
        return status;
    }

    Number value() {
        return value;
    }

    String output() {
        return output;
    }

    long timeMillis() {
        return timeMillis;
    }

    double durationMillis() {
        return durationMillis;
    }

    /** The IETF key: {@code name:measurement}. */
    String key() {
        return spec.name() + ":" + spec.type().measurement();
    }

    /** One entry of the IETF {@code checks} array, plus our duration and criticality. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("componentId", spec.name());
        m.put("componentType", spec.type().componentType());
        m.put("checkType", spec.type().name());
        if (value != null) {
            m.put("observedValue", value);
            m.put("observedUnit", spec.type().unit());
        }
        m.put("status", status.label());
        m.put("critical", spec.critical());
        m.put("time", IsoTime.of(timeMillis));
        m.put("duration", durationMillis);
        if (output != null && status != Status.PASS) {
            m.put("output", output);
        } else if (output != null) {
            m.put("description", output);
        }
        return m;
    }
}
