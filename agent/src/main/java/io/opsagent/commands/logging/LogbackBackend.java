package io.opsagent.commands.logging;

import java.util.Locale;

/** Logback, found through SLF4J's logger factory in the application's class loader. */
final class LogbackBackend implements LoggingBackend {
    static final String SLF4J = "org.slf4j.LoggerFactory";
    private static final String CONTEXT = "ch.qos.logback.classic.LoggerContext";
    private static final String LEVEL = "ch.qos.logback.classic.Level";

    private final Object context;
    private final Class<?> levelClass;

    private LogbackBackend(Object context, Class<?> levelClass) {
        this.context = context;
        this.levelClass = levelClass;
    }

    /** The backend when SLF4J in this loader is bound to Logback, else null. */
    static LogbackBackend in(ClassLoader loader) {
        try {
            Class<?> factory = Class.forName(SLF4J, false, loader);
            Object ctx = Reflect.callStatic(factory, "getILoggerFactory", Reflect.types());
            if (ctx == null || !ctx.getClass().getName().equals(CONTEXT)) {
                return null;
            }
            return new LogbackBackend(ctx, Class.forName(LEVEL, false, ctx.getClass().getClassLoader()));
        } catch (Exception | LinkageError e) {
            return null;
        }
    }

    Object identity() {
        return context;
    }

    @Override
    public String name() {
        return "logback";
    }

    private Object logger(String name) throws Exception {
        return Reflect.call(context, "getLogger", Reflect.types(String.class), name);
    }

    @Override
    public String level(String logger) throws Exception {
        return Reflect.str(Reflect.call(logger(logger), "getLevel", Reflect.types()));
    }

    @Override
    public String effectiveLevel(String logger) throws Exception {
        return Reflect.str(Reflect.call(logger(logger), "getEffectiveLevel", Reflect.types()));
    }

    @Override
    public void setLevel(String logger, String level) throws Exception {
        Object lvl = level == null ? null : Reflect.callStatic(levelClass, "toLevel", Reflect.types(String.class, levelClass), level, null);
        Reflect.call(logger(logger), "setLevel", Reflect.types(levelClass), lvl);
    }

    @Override
    public String normalize(String level) {
        String u = level.toUpperCase(Locale.ROOT);
        String mapped = u.equals("SEVERE") || u.equals("FATAL") ? "ERROR" : u.equals("WARNING") ? "WARN"
                : u.equals("FINE") || u.equals("CONFIG") ? "DEBUG" : u.equals("FINER") || u.equals("FINEST") ? "TRACE" : u;
        if (!mapped.matches("OFF|ERROR|WARN|INFO|DEBUG|TRACE|ALL")) {
            throw new IllegalArgumentException("'" + level + "' is not a Logback level: use OFF, ERROR, WARN, INFO, DEBUG, TRACE or ALL");
        }
        return mapped;
    }
}
