package io.opsagent.core;

import io.opsagent.audit.AuditLog;
import io.opsagent.config.AgentConfig;
import io.opsagent.config.ConfigException;
import io.opsagent.config.ConfigFileWatcher;
import io.opsagent.config.ConfigSources;
import io.opsagent.config.ConfigValidator;
import io.opsagent.config.Keys;
import io.opsagent.config.LiveConfig;
import io.opsagent.discovery.DiscoveryFile;
import io.opsagent.gc.GcEvents;
import io.opsagent.http.Authenticator;
import io.opsagent.http.OpsHttpServer;
import io.opsagent.http.Router;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.util.DaemonThreads;
import io.opsagent.util.FilePerms;
import io.opsagent.util.JvmInfo;
import io.opsagent.util.Log;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One started agent. {@link #start} is a list of named steps; each step registers how to undo itself,
 * so a failed start and a stop both take down exactly what was set up, newest first: the shutdown
 * hook, the announcement, the socket (no new work), the features, then threads and files.
 */
final class RunningAgent {
    private static final long WATCH_PERIOD_SECONDS = 2;

    private final Teardown teardown = new Teardown("the agent");
    private final AgentConfig cfg;
    private final long pid = JvmInfo.pid();
    private Path dataDir;
    private Authenticator auth;
    private TlsContext tls;
    private LiveConfig live;
    private AuditLog audit;
    private Router router;
    private OpsHttpServer server;
    private ScheduledThreadPoolExecutor scheduler;
    private AgentContext ctx;
    private String url;
    private Thread hook;

    private RunningAgent(AgentConfig cfg) {
        this.cfg = cfg;
    }

    static RunningAgent start(ConfigSources sources, Instrumentation inst, String how) throws Exception {
        return start(sources, inst, how, Features.all());
    }

    static RunningAgent start(ConfigSources sources, Instrumentation inst, String how, List<Feature> features) throws Exception {
        RunningAgent r = new RunningAgent(sources.load());
        try {
            r.openDataDir();
            r.openAuth();
            r.openLiveConfig(sources);
            r.openAudit();
            r.openServer();
            r.openScheduler();
            r.openContext(inst, how);
            r.startFeatures(features);
            r.startListening();
            r.applyReloads();
            r.watchConfigFile();
            r.announce(how);
            r.addShutdownHook();
            return r;
        } catch (Exception | Error e) {
            r.teardown.close();
            throw e;
        }
    }

    /** The data directory and agent.log; the discovery file goes last at stop, whenever it was written. */
    private void openDataDir() throws IOException {
        dataDir = FilePerms.privateDir(Paths.get(cfg.get(Keys.DATA_DIR) != null ? cfg.get(Keys.DATA_DIR)
                : Paths.get(JvmInfo.tmpDir(), "opsagent-" + pid).toString()));
        Log.toFile(dataDir.resolve("agent.log").toFile());
        teardown.add(() -> DiscoveryFile.remove(pid));
    }

    private void openAuth() throws Exception {
        auth = new Authenticator(dataDir);
        auth.configure(cfg);
    }

    private void openLiveConfig(ConfigSources sources) throws ConfigException {
        live = new LiveConfig(sources, cfg);
        final Path dir = dataDir;
        live.addValidator(new ConfigValidator() {
            @Override
            public void validate(AgentConfig candidate) throws ConfigException {
                new Authenticator(dir).configure(candidate);
            }
        });
    }

    private void openAudit() {
        audit = new AuditLog(cfg.get(Keys.AUDIT_LOG) != null ? Paths.get(cfg.get(Keys.AUDIT_LOG)) : dataDir.resolve("audit.log"));
        teardown.add(audit::close);
    }

    /** Built here, listening only after the features registered their routes. */
    private void openServer() throws Exception {
        router = new Router(cfg, auth, audit);
        tls = TlsContext.load(cfg);
        server = new OpsHttpServer(cfg.get(Keys.BIND), cfg.get(Keys.PORT), router, dataDir,
                cfg.get(Keys.MAX_CONCURRENT), tls == null ? null : tls.endpoint());
        server.allow(cfg.get(Keys.ALLOW_CIDRS));
    }

    private void openScheduler() {
        final ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("scheduler"));
        s.setRemoveOnCancelPolicy(true);
        s.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler = s;
        teardown.add(() -> {
            s.shutdownNow();
            s.awaitTermination(2, TimeUnit.SECONDS);
        });
    }

    private void openContext(Instrumentation inst, String how) {
        final GcEvents gcEvents = new GcEvents();
        teardown.add(gcEvents::stop);
        ctx = new AgentContext(live, router, scheduler, dataDir, audit, new Readiness(), gcEvents, new MetricsRegistry(), inst, how);
    }

    /**
     * Each feature gets a scope of its own, closed at stop in reverse order. A feature that fails is
     * off, and its scope is closed at once, so it leaves nothing behind; a bad configuration stops the start.
     */
    private void startFeatures(List<Feature> features) throws ConfigException {
        for (Feature f : features) {
            String name = f.getClass().getSimpleName();
            Scope scope = ctx.newScope(name);
            teardown.add(scope);
            scope.onClose(f::stop);
            try {
                f.start(ctx.with(scope));
            } catch (ConfigException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                scope.close();
                Log.warn("feature " + name + " is off", e);
            }
        }
    }

    private void startListening() throws IOException {
        try {
            server.startListening();
        } catch (BindException e) {
            throw new BindException("port " + cfg.get(Keys.PORT) + " on " + cfg.get(Keys.BIND).getHostAddress() + " is taken (" + e.getMessage() + ")");
        }
        teardown.add(() -> {
            try {
                server.stopListening();
            } catch (RuntimeException e) {
                Log.debug("stopping the server: " + e);
            }
        });
    }

    private void applyReloads() {
        final LiveConfig.Listener l = new LiveConfig.Listener() {
            @Override
            public void changed(AgentConfig now, AgentConfig before) {
                try {
                    auth.configure(now);
                } catch (ConfigException e) {
                    Log.warn("token change not applied: " + e.getMessage());
                }
                router.configure(now);
                server.allow(now.get(Keys.ALLOW_CIDRS));
            }
        };
        live.addListener(l);
        teardown.add(() -> live.removeListener(l));
    }

    private void watchConfigFile() {
        // cancelled with the scheduler
        scheduler.scheduleWithFixedDelay(new ConfigFileWatcher(live), WATCH_PERIOD_SECONDS, WATCH_PERIOD_SECONDS, TimeUnit.SECONDS);
        if (tls != null) {
            final TlsContext t = tls;
            // the key store and trust store are polled as the config file is: a rotated file serves the next handshake
            scheduler.scheduleWithFixedDelay(t::reloadIfChanged, WATCH_PERIOD_SECONDS, WATCH_PERIOD_SECONDS, TimeUnit.SECONDS);
        }
    }

    private void announce(String how) throws IOException {
        url = urlOf(cfg, server.getListeningPort());
        DiscoveryFile.write(pid, url, auth.operatorTokenFile(), dataDir, how);
        System.setProperty(DiscoveryFile.URL_PROPERTY, url);
        teardown.add(() -> System.clearProperty(DiscoveryFile.URL_PROPERTY));
    }

    private void addShutdownHook() {
        hook = DaemonThreads.single("shutdown", () -> {
            AgentRuntime.stoppedByHook(this);
            teardown.close();
        });
        Runtime.getRuntime().addShutdownHook(hook);
        teardown.add(() -> {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                Log.debug("the JVM is already shutting down");
            }
        });
    }

    private static String urlOf(AgentConfig cfg, int port) {
        InetAddress bind = cfg.get(Keys.BIND);
        String host = bind.isAnyLocalAddress() ? "127.0.0.1" : bind.getHostAddress();
        if (bind instanceof Inet6Address && !bind.isAnyLocalAddress()) {
            host = "[" + host + "]";
        }
        String scheme = cfg.get(Keys.TLS_KEYSTORE) != null ? "https" : "http";
        return scheme + "://" + host + ":" + port + cfg.get(Keys.PATH_PREFIX);
    }

    String url() {
        return url;
    }

    Path tokenFile() {
        return auth.operatorTokenFile();
    }

    /** For tests: what the features registered into. */
    AgentContext context() {
        return ctx;
    }

    /** For tests: the thread the JVM runs at exit. */
    Thread shutdownHook() {
        return hook;
    }

    /** A second attach: apply what can change at run time. */
    void reconfigure(Map<String, String> args) {
        if (!args.isEmpty()) {
            live.reloadWithArgs(args, "a second attach");
        }
    }

    /** Takes everything down, newest first; agent.log stays open if the JVM is exiting (other hooks may still log). */
    void stop() {
        teardown.close();
        Log.close();
    }
}
