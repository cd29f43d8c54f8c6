package io.opsagent.health;

import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.metrics.PrometheusWriter;
import java.util.Collection;

/** The cached health on {@code /metrics}: 0 pass, 1 warn, 2 fail, overall and per check, from the same aggregation as {@code /health}. */
final class HealthMetrics implements MetricsRegistry.Source {
    private final HealthCache cache;

    HealthMetrics(HealthCache cache) {
        this.cache = cache;
    }

    @Override
    public void write(PrometheusWriter w) {
        Collection<CheckResult> all = cache.results().values();
        w.gauge("opsagent_health_status", "Aggregate health: 0 pass, 1 warn, 2 fail", HealthReport.of(all).status().code());
        for (CheckResult r : all) {
            String name = r.spec().name();
            w.sample("opsagent_health_check_status", "gauge", "Health check status: 0 pass, 1 warn, 2 fail", r.status().code(),
                    "check", name, "type", r.spec().type().name(), "critical", String.valueOf(r.spec().critical()));
        }
        for (CheckResult r : all) {
            w.sample("opsagent_health_check_duration_seconds", "gauge", "How long the last run of the check took",
                    r.durationMillis() / 1000.0, "check", r.spec().name());
        }
        for (CheckResult r : all) {
            if (r.value() != null) {
                w.sample("opsagent_health_check_observed_value", "gauge", "The last observed value of the check, in its unit",
                        r.value().doubleValue(), "check", r.spec().name(), "unit", r.spec().type().unit());
            }
        }
    }
}
