package io.opsagent.commands;

import io.opsagent.commands.logging.JulBackend;
import io.opsagent.commands.logging.LoggingBackend;
import io.opsagent.commands.logging.LoggingBackends;
import io.opsagent.http.HttpError;
import io.opsagent.util.Log;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code log-level}: read or set a logger's level in java.util.logging, Log4j 2 and Logback. With a
 * {@code ttl} the old level comes back by itself, so a "DEBUG for five minutes" cannot be forgotten.
 * A later change to the same logger replaces the pending restore (keeping the original level to go back to).
 */
final class LogLevelCommand implements Command {
    static final long MIN_TTL = 1000;
    static final long MAX_TTL = 24 * 3_600_000L;

    /** A temporary change waiting for its ttl. */
    private static final class Pending {
        final LoggingBackend backend;
        final String logger;
        final String original;
        final ScheduledFuture<?> future;

        Pending(LoggingBackend backend, String logger, String original, ScheduledFuture<?> future) {
            this.backend = backend;
            this.logger = logger;
            this.original = original;
            this.future = future;
        }
    }

    private final Instrumentation inst;
    private final ScheduledExecutorService scheduler;
    private final JulBackend jul = new JulBackend();
    private final Map<String, Pending> pending = new HashMap<String, Pending>();

    LogLevelCommand(Instrumentation inst, ScheduledExecutorService scheduler) {
        this.inst = inst;
        this.scheduler = scheduler;
    }

    @Override
    public String name() {
        return "log-level";
    }

    @Override
    public String description() {
        return "read or set a logger's level (java.util.logging, Log4j 2, Logback); with ttl the old level comes back by itself";
    }

    @Override
    public List<CommandArg> args() {
        return Arrays.asList(
                CommandArg.required("logger", CommandArg.Type.STRING, "the logger name; \"\" is the root logger"),
                CommandArg.optional("level", CommandArg.Type.STRING, null,
                        "the new level (e.g. DEBUG, FINE, WARN, or inherit); absent = read"),
                CommandArg.optional("ttl", CommandArg.Type.DURATION, null, "e.g. \"30s\" or \"5m\": restore the old level after it"),
                CommandArg.optional("framework", CommandArg.Type.STRING, "all", "all, jul, log4j2 or logback"));
    }

    @Override
    public Object run(CommandArgs args) {
        String logger = args.string("logger");
        String level = args.string("level");
        Long ttl = args.durationMillis("ttl");
        List<LoggingBackend> backends = select(args.string("framework"));
        if (ttl != null && (level == null || ttl < MIN_TTL || ttl > MAX_TTL)) {
            throw CommandArgs.bad(this, level == null ? "ttl needs a level to set" : "ttl must be from 1s to 24h");
        }
        List<Map<String, Object>> results = new ArrayList<Map<String, Object>>();
        for (LoggingBackend b : backends) {
            results.add(level == null ? read(b, logger) : set(b, logger, level, ttl));
        }
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("command", name());
        out.put("logger", logger);
        if (ttl != null) {
            out.put("ttlMillis", ttl);
            out.put("restoresAt", System.currentTimeMillis() + ttl);
        }
        out.put("frameworks", results);
        return out;
    }

    private List<LoggingBackend> select(String framework) {
        List<LoggingBackend> all = LoggingBackends.find(inst, jul);
        if (framework.equals("all")) {
            return all;
        }
        List<String> present = new ArrayList<String>();
        List<LoggingBackend> out = new ArrayList<LoggingBackend>();
        for (LoggingBackend b : all) {
            present.add(b.name());
            if (b.name().equals(framework)) {
                out.add(b);
            }
        }
        if (out.isEmpty()) {
            throw CommandArgs.bad(this, "framework '" + framework + "' is not in use in this JVM; present: " + String.join(", ", present));
        }
        return out;
    }

    private static Map<String, Object> read(LoggingBackend b, String logger) {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("framework", b.name());
        try {
            String level = b.level(logger);
            m.put("level", level);
            // JSON answers omit nulls: say explicitly that the logger has no level of its own
            m.put("inherits", level == null);
            m.put("effectiveLevel", b.effectiveLevel(logger));
        } catch (Exception e) {
            m.put("error", String.valueOf(e.getCause() != null ? e.getCause() : e));
        }
        return m;
    }

    private Map<String, Object> set(LoggingBackend b, String logger, String level, Long ttl) {
        String wanted;
        try {
            wanted = level.equalsIgnoreCase("inherit") || level.equalsIgnoreCase("null") ? null : b.normalize(level);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage(), "give a level the framework knows");
        }
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("framework", b.name());
        String key = b.name() + "\u0000" + logger;
        synchronized (pending) {
            try {
                String old = b.level(logger);
                m.put("oldLevel", old);
                m.put("oldEffectiveLevel", b.effectiveLevel(logger));
                b.setLevel(logger, wanted);
                m.put("newLevel", wanted);
                m.put("newEffectiveLevel", b.effectiveLevel(logger));
                Pending earlier = pending.remove(key);
                if (earlier != null) {
                    earlier.future.cancel(false);
                }
                if (ttl != null) {
                    String original = earlier != null ? earlier.original : old;
                    pending.put(key, new Pending(b, logger, original, schedule(key, ttl)));
                    m.put("restoresTo", original);
                }
            } catch (Exception e) {
                m.put("error", String.valueOf(e.getCause() != null ? e.getCause() : e));
            }
        }
        return m;
    }

    private ScheduledFuture<?> schedule(final String key, long ttl) {
        return scheduler.schedule(new Runnable() {
            @Override
            public void run() {
                synchronized (pending) {
                    Pending p = pending.remove(key);
                    if (p != null) {
                        restore(p);
                    }
                }
            }
        }, ttl, TimeUnit.MILLISECONDS);
    }

    private static void restore(Pending p) {
        try {
            p.backend.setLevel(p.logger, p.original);
            Log.info("log level of " + p.backend.name() + " logger '" + p.logger + "' restored to " + p.original + " (ttl ended)");
        } catch (Throwable e) {
            Log.warn("restoring the log level of " + p.backend.name() + " logger '" + p.logger + "' failed", e);
        }
    }

    /** The agent is leaving: temporary levels go back now, since nothing would restore them later. */
    void stop() {
        synchronized (pending) {
            for (Pending p : pending.values()) {
                p.future.cancel(false);
                restore(p);
            }
            pending.clear();
        }
        jul.unpinAll();
    }
}
