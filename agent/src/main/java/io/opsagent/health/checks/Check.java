package io.opsagent.health.checks;

import io.opsagent.config.ConfigException;

/**
 * One kind of check. An instance lives as long as its configuration (so a check that compares
 * against its last run, such as GC overhead, keeps its state), and runs on a health worker thread,
 * never two runs at once.
 */
public interface Check {
    /** Measures once within about {@code timeoutMillis}; an exception fails the check with its message. */
    Observation measure(CheckSpec spec, int timeoutMillis) throws Exception;

    /** Rejects type-specific keys that cannot work, naming the key and why. */
    default void validate(CheckSpec spec) throws ConfigException {
    }
}
