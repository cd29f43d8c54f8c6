package io.opsagent.health;

import io.opsagent.health.checks.CheckSpec;
import io.opsagent.health.checks.CheckType;
import io.opsagent.health.checks.DeadlockCheck;
import java.util.Collections;

/**
 * What {@code /health/live} reports: the JVM itself, never a dependency (a database outage must not
 * get the JVM restarted). Only deadlocked threads fail it, which no restart-free fix can cure.
 */
final class LiveCheck {
    static final CheckSpec SPEC = new CheckSpec("deadlock", CheckType.named("deadlock"), true, null, 0.0,
            Collections.singletonMap("type", "deadlock"));

    private LiveCheck() {
    }

    static CheckResult result() {
        return HealthRunner.runOnce(SPEC, new DeadlockCheck(), 0);
    }
}
