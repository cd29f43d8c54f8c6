package io.opsagent.core;

import io.opsagent.config.ConfigException;
import io.opsagent.config.ConfigValidator;
import io.opsagent.config.LiveConfig;
import io.opsagent.gc.GcEvents;
import io.opsagent.http.Route;
import io.opsagent.http.Router;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.util.Log;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Everything one feature registered, undone in reverse order by {@link #close}.
 * Each registration is recorded the moment it succeeds, so a feature that throws half-way is undone
 * as far as it got. A close step that throws is logged and the next one still runs; close runs once.
 *
 * <pre>
 * public void start(AgentContext c) {
 *     Scope s = c.scope();
 *     s.route(Route.get("/things", Role.MONITOR, "things", this::things));
 *     s.metrics(thingMetrics);
 *     ExecutorService worker = s.executor(Executors.newSingleThreadExecutor(DaemonThreads.named("things")), 5000);
 *     s.every(this::tick, 10, 10, TimeUnit.SECONDS);
 * }
 * </pre>
 */
public final class Scope implements AutoCloseable {
    private final String name;
    private final Router router;
    private final MetricsRegistry metrics;
    private final LiveConfig config;
    private final GcEvents gcEvents;
    private final ScheduledExecutorService scheduler;
    private final Teardown undo;

    /** Registers into the agent's shared services of {@code ctx}. */
    Scope(String name, AgentContext ctx) {
        this.name = name;
        this.router = ctx.router();
        this.metrics = ctx.metrics();
        this.config = ctx.config();
        this.gcEvents = ctx.gcEvents();
        this.scheduler = ctx.scheduler();
        this.undo = new Teardown(name);
    }

    /** Runs {@code step} when the scope closes (before everything registered earlier). */
    public void onClose(AutoCloseable step) {
        undo.add(step);
    }

    public void route(final Route r) {
        router.add(r);
        onClose(() -> router.remove(r));
    }

    public void routes(Iterable<Route> rs) {
        for (Route r : rs) {
            route(r);
        }
    }

    public void metrics(final MetricsRegistry.Source s) {
        metrics.add(s);
        onClose(() -> metrics.remove(s));
    }

    public void onReload(final LiveConfig.Listener l) {
        config.addListener(l);
        onClose(() -> config.removeListener(l));
    }

    /** Runs the validator on the configuration in force first: a bad start-up value throws and registers nothing. */
    public void validator(final ConfigValidator v) throws ConfigException {
        config.addValidator(v);
        onClose(() -> config.removeValidator(v));
    }

    /** Told of each collection on the JVM's notification thread (see {@link GcEvents.Subscriber}). */
    public void gcSubscriber(final GcEvents.Subscriber s) {
        gcEvents.subscribe(s);
        onClose(() -> gcEvents.unsubscribe(s));
    }

    /** A short periodic task on the agent's one scheduler thread, cancelled on close. */
    public ScheduledFuture<?> every(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        return cancelOnClose(scheduler.scheduleWithFixedDelay(task, initialDelay, delay, unit));
    }

    /** A task scheduled elsewhere (e.g. a one-shot expiry), cancelled on close if still pending. */
    public <F extends Future<?>> F cancelOnClose(final F f) {
        onClose(() -> f.cancel(false));
        return f;
    }

    /** The feature's own threads: interrupted on close, and awaited up to {@code awaitMillis} so none outlive the agent. */
    public <E extends ExecutorService> E executor(final E e, final long awaitMillis) {
        onClose(() -> {
            e.shutdownNow();
            if (awaitMillis > 0 && !e.awaitTermination(awaitMillis, TimeUnit.MILLISECONDS)) {
                Log.info(name + ": a thread is still busy " + awaitMillis + " ms after stop; it ends with its task");
            }
        });
        return e;
    }

    /** Undoes every registration, newest first; a step that throws is logged and the others still run. */
    @Override
    public void close() {
        undo.close();
    }
}
