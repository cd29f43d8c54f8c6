package io.opsagent.core;

import io.opsagent.audit.AuditLog;
import io.opsagent.config.LiveConfig;
import io.opsagent.gc.GcEvents;
import io.opsagent.http.Router;
import io.opsagent.metrics.MetricsRegistry;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;

/** What a feature gets to work with: configuration, routes, the agent's scheduler and shared services. */
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
    }

    public LiveConfig config() {
        return config;
    }

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

    public GcEvents gcEvents() {
        return gcEvents;
    }

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
