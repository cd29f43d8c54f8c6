package io.opsagent.health;

import java.util.Locale;

/** The three states of the IETF health format, ordered from good to bad so the worst one wins. */
public enum Status {
    PASS, WARN, FAIL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Status worst(Status other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** The HTTP status a monitoring tool acts on: only a failure is 503. */
    public int httpStatus() {
        return this == FAIL ? 503 : 200;
    }

    /** For Prometheus: 0 pass, 1 warn, 2 fail. */
    public int code() {
        return ordinal();
    }
}
