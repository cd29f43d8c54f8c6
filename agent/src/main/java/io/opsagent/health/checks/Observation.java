package io.opsagent.health.checks;

import io.opsagent.health.Status;

/** What one run of a check saw: a value, a sentence for humans, and a status when the value alone cannot say. */
public final class Observation {
    private final Number value;
    private final String output;
    private final Status forced;

    private Observation(Number value, String output, Status forced) {
        this.value = value;
        this.output = output;
        this.forced = forced;
    }

    /** A value judged against the thresholds. */
    public static Observation of(Number value, String output) {
        return new Observation(value, output, null);
    }

    /** A value that fails whatever the thresholds say (a wrong HTTP status, an unexpected address). */
    public static Observation failed(Number value, String output) {
        return new Observation(value, output, Status.FAIL);
    }

    /** A value that warns whatever the thresholds say (a measurement this JVM cannot make). */
    public static Observation warned(Number value, String output) {
        return new Observation(value, output, Status.WARN);
    }

    /** May be null when nothing could be measured. */
    public Number value() {
        return value;
    }

    public String output() {
        return output;
    }

    /** Null when the thresholds decide. */
    public Status forced() {
        return forced;
    }
}
