package io.opsagent.health;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import io.opsagent.config.ConfigValidator;
import io.opsagent.config.Keys;
import io.opsagent.config.LiveConfig;
import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.health.checks.CheckSpec;
import io.opsagent.util.Log;
import java.util.Map;
import java.util.Objects;

/**
 * Health checks after the Health Endpoint Monitoring pattern: checks configured by
 * {@code check.<name>.*} keys run in the background and {@code /health}, {@code /health/ready},
 * {@code /health/live} and {@code /health/checks/<name>} serve their cached results. Edits of the
 * checks apply at the next config reload; a bad edit is refused by the validator and the checks in
 * force stay.
 */
public final class HealthFeature implements Feature {
    private HealthRunner runner;
    private final LiveConfig.Listener onReload = new LiveConfig.Listener() {
        @Override
        public void changed(AgentConfig now, AgentConfig before) {
            if (sameChecks(now, before)) {
                return;
            }
            try {
                apply(now);
                Log.info("health checks now: " + CheckSpecs.parse(now).keySet());
            } catch (ConfigException e) {
                Log.warn("health checks not changed: " + e.getMessage());
            }
        }
    };

    @Override
    public void start(AgentContext c) throws ConfigException {
        c.scope().validator(new ConfigValidator() {
            @Override
            public void validate(AgentConfig candidate) throws ConfigException {
                CheckSpecs.parse(candidate);
            }
        });
        HealthCache cache = new HealthCache();
        cache.live(LiveCheck.result());
        runner = new HealthRunner(cache, c.scheduler());
        c.scope().onClose(runner::stop);
        apply(c.config().get());
        c.scope().onReload(onReload);
        c.scope().routes(new HealthEndpoints(cache, c.readiness()).routes());
        c.scope().metrics(new HealthMetrics(cache));
    }

    private void apply(AgentConfig config) throws ConfigException {
        Map<String, CheckSpec> specs = CheckSpecs.parse(config);
        runner.apply(specs, config.get(Keys.HEALTH_INTERVAL), config.get(Keys.HEALTH_TIMEOUT));
    }

    private static boolean sameChecks(AgentConfig a, AgentConfig b) {
        return a.subtree(CheckSpecs.PREFIX).equals(b.subtree(CheckSpecs.PREFIX))
                && Objects.equals(a.get(Keys.HEALTH_INTERVAL), b.get(Keys.HEALTH_INTERVAL))
                && Objects.equals(a.get(Keys.HEALTH_TIMEOUT), b.get(Keys.HEALTH_TIMEOUT));
    }
}
