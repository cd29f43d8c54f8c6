package io.opsagent.commands.logging;

import java.util.Locale;

/** Log4j 2 (log4j-core present), reached reflectively in the class loader where the application loaded it. */
final class Log4j2Backend implements LoggingBackend {
    static final String LOG_MANAGER = "org.apache.logging.log4j.LogManager";
    private static final String LEVEL = "org.apache.logging.log4j.Level";
    private static final String CONFIGURATOR = "org.apache.logging.log4j.core.config.Configurator";

    private final ClassLoader loader;
    private final Class<?> logManager;
    private final Class<?> levelClass;
    private final Class<?> configurator;

    private Log4j2Backend(ClassLoader loader, Class<?> logManager, Class<?> levelClass, Class<?> configurator) {
        this.loader = loader;
        this.logManager = logManager;
        this.levelClass = levelClass;
        this.configurator = configurator;
    }

    /** The backend for a class loader that sees log4j-core, or null (log4j-api alone cannot set levels). */
    static Log4j2Backend in(ClassLoader loader) {
        try {
            return new Log4j2Backend(loader, Class.forName(LOG_MANAGER, false, loader), Class.forName(LEVEL, false, loader),
                    Class.forName(CONFIGURATOR, false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    Class<?> identity() {
        return configurator;
    }

    @Override
    public String name() {
        return "log4j2";
    }

    private Object context() throws Exception {
        return Reflect.callStatic(logManager, "getContext", Reflect.types(ClassLoader.class, boolean.class), loader, false);
    }

    @Override
    public String level(String logger) throws Exception {
        Object config = Reflect.call(context(), "getConfiguration", Reflect.types());
        Object loggerConfig = Reflect.call(config, "getLoggerConfig", Reflect.types(String.class), logger);
        // getLoggerConfig answers the nearest configured ancestor: only an exact match is this logger's own level
        String name = Reflect.str(Reflect.call(loggerConfig, "getName", Reflect.types()));
        return logger.equals(name) ? Reflect.str(Reflect.call(loggerConfig, "getLevel", Reflect.types())) : null;
    }

    @Override
    public String effectiveLevel(String logger) throws Exception {
        Object l = Reflect.call(context(), "getLogger", Reflect.types(String.class), logger);
        return Reflect.str(Reflect.call(l, "getLevel", Reflect.types()));
    }

    @Override
    public void setLevel(String logger, String level) throws Exception {
        Object lvl = level == null ? null : Reflect.callStatic(levelClass, "getLevel", Reflect.types(String.class), level);
        Reflect.callStatic(configurator, "setLevel", Reflect.types(String.class, levelClass), logger, lvl);
    }

    @Override
    public String normalize(String level) {
        String u = level.toUpperCase(Locale.ROOT);
        String mapped = u.equals("SEVERE") ? "ERROR" : u.equals("WARNING") ? "WARN" : u.equals("FINE") || u.equals("CONFIG") ? "DEBUG"
                : u.equals("FINER") || u.equals("FINEST") ? "TRACE" : u;
        Object l;
        try {
            l = Reflect.callStatic(levelClass, "getLevel", Reflect.types(String.class), mapped);
        } catch (Exception e) {
            l = null;
        }
        if (l == null) {
            throw new IllegalArgumentException("'" + level + "' is not a Log4j 2 level: use OFF, FATAL, ERROR, WARN, INFO, DEBUG, TRACE or ALL");
        }
        return l.toString();
    }
}
