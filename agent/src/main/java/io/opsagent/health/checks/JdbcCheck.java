package io.opsagent.health.checks;

import io.opsagent.config.ConfigException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Connects to {@code target} (a JDBC URL) with the driver the application already has, runs
 * {@code query} (or asks the driver whether the connection is valid), and times it. The agent
 * bundles no driver: finding the application's is {@link AppDrivers}'s job.
 */
final class JdbcCheck implements Check {
    private final AppDrivers drivers = new AppDrivers();
    /** Found once per configuration: looking through the class loaders each interval would be waste. */
    private Driver driver;

    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) throws Exception {
        if (driver == null) {
            driver = drivers.find(spec.target(), spec.get("driver"));
        }
        Properties props = new Properties();
        if (spec.get("user") != null) {
            props.setProperty("user", spec.get("user"));
        }
        if (spec.get("password") != null) {
            props.setProperty("password", spec.get("password"));
        }
        int seconds = Math.max(1, (timeoutMillis + 999) / 1000);
        String query = spec.get("query");
        long start = System.nanoTime();
        try (Connection c = driver.connect(spec.target(), props)) {
            if (c == null) {
                throw new SQLException("driver " + driver.getClass().getName() + " does not take this URL");
            }
            if (query != null) {
                try (Statement s = c.createStatement()) {
                    s.setQueryTimeout(seconds);
                    s.execute(query);
                }
            } else if (!c.isValid(seconds)) {
                double ms = HostPort.millisSince(start);
                return Observation.failed(ms, "connected, but the driver says the connection is not valid");
            }
        }
        double ms = HostPort.millisSince(start);
        return Observation.of(ms, "connected" + (query != null ? " and ran the query" : " and validated") + " in " + ms + " ms ("
                + driver.getClass().getName() + ")");
    }

    @Override
    public void validate(CheckSpec spec) throws ConfigException {
        if (!spec.target().startsWith("jdbc:")) {
            throw new ConfigException(spec.fullKey("target"), "must be a JDBC URL starting with jdbc:");
        }
    }
}
