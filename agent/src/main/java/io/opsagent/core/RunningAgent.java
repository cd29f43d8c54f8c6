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
import java.lang.instrument.Instrumentation;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** One started agent: its server, features, scheduler and files, and how to take them down in order. */
final class RunningAgent {
    private static final long WATCH_PERIOD_SECONDS = 2;

    private final LiveConfig config;
    private final OpsHttpServer server;
    private final ScheduledThreadPoolExecutor scheduler;
    private final List<Feature> started;
    private final AgentContext ctx;
    private final AuditLog audit;
    private final Authenticator auth;
    private final String url;
    private final Thread shutdownHook;

    private RunningAgent(LiveConfig config, OpsHttpServer server, ScheduledThreadPoolExecutor scheduler, List<Feature> started,
            AgentContext ctx, AuditLog audit, Authenticator auth, String url) {
        this.config = config;
        this.server = server;
        this.scheduler = scheduler;
        this.started = started;
        this.ctx = ctx;
        this.audit = audit;
        this.auth = auth;
        this.url = url;
        this.shutdownHook = DaemonThreads.single("shutdown", new Runnable() {
            @Override
            public void run() {
                AgentRuntime.stoppedByHook(RunningAgent.this);
                stop(true);
            }
        });
    }

    static RunningAgent start(ConfigSources sources, Instrumentation inst, String how) throws Exception {
        AgentConfig cfg = sources.load();
        long pid = JvmInfo.pid();
        Path dataDir = FilePerms.privateDir(Paths.get(cfg.get(Keys.DATA_DIR) != null ? cfg.get(Keys.DATA_DIR)
                : Paths.get(JvmInfo.tmpDir(), "opsagent-" + pid).toString()));
        Log.toFile(dataDir.resolve("agent.log").toFile());
        final Authenticator auth = new Authenticator(dataDir);
        auth.configure(cfg);
        final LiveConfig live = new LiveConfig(sources, cfg);
        final Path dir = dataDir;
        live.addValidator(new ConfigValidator() {
            @Override
            public void validate(AgentConfig candidate) throws ConfigException {
                new Authenticator(dir).configure(candidate);
            }
        });
        AuditLog audit = new AuditLog(cfg.get(Keys.AUDIT_LOG) != null ? Paths.get(cfg.get(Keys.AUDIT_LOG)) : dataDir.resolve("audit.log"));
        final Router router = new Router(cfg, auth, audit);
        final OpsHttpServer server = new OpsHttpServer(cfg.get(Keys.BIND), cfg.get(Keys.PORT), router, dataDir,
                cfg.get(Keys.MAX_CONCURRENT), TlsContext.serverSocketFactory(cfg));
        server.allow(cfg.get(Keys.ALLOW_CIDRS));
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("scheduler"));
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        AgentContext ctx = new AgentContext(live, router, scheduler, dataDir, audit, new Readiness(), new GcEvents(),
                new MetricsRegistry(), inst, how);
        List<Feature> started = new ArrayList<Feature>();
        try {
            for (Feature f : Features.all()) {
                try {
                    f.start(ctx);
                    started.add(f);
                } catch (ConfigException e) {
                    throw e;
                } catch (Exception | LinkageError e) {
                    Log.warn("feature " + f.getClass().getSimpleName() + " is off: " + e);
                }
            }
            try {
                server.startListening();
            } catch (BindException e) {
                throw new BindException("port " + cfg.get(Keys.PORT) + " on " + cfg.get(Keys.BIND).getHostAddress() + " is taken (" + e.getMessage() + ")");
            }
        } catch (Exception | Error e) {
            stopFeatures(started);
            scheduler.shutdownNow();
            ctx.gcEvents().stop();
            audit.close();
            throw e;
        }
        live.addListener(new LiveConfig.Listener() {
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
        });
        scheduler.scheduleWithFixedDelay(new ConfigFileWatcher(live), WATCH_PERIOD_SECONDS, WATCH_PERIOD_SECONDS, TimeUnit.SECONDS);
        String url = urlOf(cfg, server.getListeningPort());
        RunningAgent r = new RunningAgent(live, server, scheduler, started, ctx, audit, auth, url);
        DiscoveryFile.write(pid, url, auth.operatorTokenFile(), dataDir, how);
        System.setProperty(DiscoveryFile.URL_PROPERTY, url);
        Runtime.getRuntime().addShutdownHook(r.shutdownHook);
        return r;
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

    /** A second attach: apply what can change at run time. */
    void reconfigure(Map<String, String> args) {
        if (!args.isEmpty()) {
            config.reloadWithArgs(args, "a second attach");
        }
    }

    /** Closes the socket first (no new work), then features in reverse, then threads and files. */
    void stop(boolean fromHook) {
        try {
            server.stopListening();
        } catch (RuntimeException e) {
            Log.debug("stopping the server: " + e);
        }
        stopFeatures(started);
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ctx.gcEvents().stop();
        audit.close();
        DiscoveryFile.remove(JvmInfo.pid());
        if (!fromHook) {
            System.clearProperty(DiscoveryFile.URL_PROPERTY);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                Log.debug("the JVM is already shutting down");
            }
            Log.close();
        }
    }

    private static void stopFeatures(List<Feature> started) {
        List<Feature> reverse = new ArrayList<Feature>(started);
        Collections.reverse(reverse);
        for (Feature f : reverse) {
            try {
                f.stop();
            } catch (RuntimeException e) {
                Log.warn("stopping " + f.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }

}
