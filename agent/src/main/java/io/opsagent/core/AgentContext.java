package io.opsagent.core;

import io.opsagent.audit.AuditLog;
import io.opsagent.config.LiveConfig;
import io.opsagent.gc.GcEvents;
import io.opsagent.http.Router;
import io.opsagent.metrics.MetricsRegistry;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a feature gets to work with: configuration, the agent's scheduler, shared services, and its own
 * {@link #scope()}, through which it registers routes, metrics, listeners, validators, tasks and threads
 * so that the agent can undo them all (also when the feature fails half-way).
 */
public final class AgentContext {
    private final LiveConfig config;
    private final Router router;
    private final ScheduledExecutorService scheduler;
    private final Path dataDir;
    private final AuditLog audit;
    private final Readiness readiness;
    private final GcEvents gcEvents;
    private final MetricsRegistry metrics;
    private final Instrumentation instrumentation;
    private final String attachedHow;
    private final long startedMillis;
    private final Scope scope;

    AgentContext(LiveConfig config, Router router, ScheduledExecutorService scheduler, Path dataDir, AuditLog audit,
            Readiness readiness, GcEvents gcEvents, MetricsRegistry metrics, Instrumentation instrumentation, String attachedHow) {
        this.config = config;
        this.router = router;
        this.scheduler = scheduler;
        this.dataDir = dataDir;
        this.audit = audit;
        this.readiness = readiness;
        this.gcEvents = gcEvents;
        this.metrics = metrics;
        this.instrumentation = instrumentation;
        this.attachedHow = attachedHow;
        this.startedMillis = System.currentTimeMillis();
        this.scope = null;
    }

    private AgentContext(AgentContext shared, Scope scope) {
        this.config = shared.config;
        this.router = shared.router;
        this.scheduler = shared.scheduler;
        this.dataDir = shared.dataDir;
        this.audit = shared.audit;
        this.readiness = shared.readiness;
        this.gcEvents = shared.gcEvents;
        this.metrics = shared.metrics;
        this.instrumentation = shared.instrumentation;
        this.attachedHow = shared.attachedHow;
        this.startedMillis = shared.startedMillis;
        this.scope = scope;
    }

    /** A scope of its own for one feature, named for logs; the agent closes it when it stops. */
    Scope newScope(String name) {
        return new Scope(name, this);
    }

    AgentContext with(Scope s) {
        return new AgentContext(this, s);
    }

    /** Where this feature registers everything the agent must undo at stop. */
    public Scope scope() {
        if (scope == null) {
            throw new IllegalStateException("this context belongs to no feature");
        }
        return scope;
    }

    public LiveConfig config() {
        return config;
    }

    /** For reading ({@code prefix()}); register routes through {@link #scope()}. */
    public Router router() {
        return router;
    }

    /** The agent's single scheduler thread: short tasks only; long work gets its own daemon thread. */
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    public Path dataDir() {
        return dataDir;
    }

    public AuditLog audit() {
        return audit;
    }

    public Readiness readiness() {
        return readiness;
    }

    /** For reading ({@code recent()}); subscribe through {@link #scope()}. */
    public GcEvents gcEvents() {
        return gcEvents;
    }

    /** For scraping; add sources through {@link #scope()}. */
    public MetricsRegistry metrics() {
        return metrics;
    }

    /** May be null (e.g. in unit tests). */
    public Instrumentation instrumentation() {
        return instrumentation;
    }

    /** {@code javaagent} or {@code attach}. */
    public String attachedHow() {
        return attachedHow;
    }

    public long startedMillis() {
        return startedMillis;
    }
}
