package io.opsagent.commands.logging;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * java.util.logging. The LogManager holds loggers weakly, so a level set on a logger nobody else
 * references would vanish at the next GC; the loggers we change are pinned here (a bounded number).
 */
public final class JulBackend implements LoggingBackend {
    static final int MAX_PINNED = 1000;
    private final Map<String, Logger> pinned = new LinkedHashMap<String, Logger>();

    @Override
    public String name() {
        return "jul";
    }

    @Override
    public String level(String logger) {
        Level l = Logger.getLogger(logger).getLevel();
        return l == null ? null : l.getName();
    }

    @Override
    public String effectiveLevel(String logger) {
        for (Logger l = Logger.getLogger(logger); l != null; l = l.getParent()) {
            if (l.getLevel() != null) {
                return l.getLevel().getName();
            }
        }
        return null;
    }

    @Override
    public synchronized void setLevel(String logger, String level) {
        Logger l = Logger.getLogger(logger);
        if (pinned.size() < MAX_PINNED || pinned.containsKey(logger)) {
            pinned.put(logger, l);
        }
        l.setLevel(level == null ? null : Level.parse(level));
    }

    @Override
    public String normalize(String level) {
        String u = level.toUpperCase(Locale.ROOT);
        String mapped = u.equals("ERROR") || u.equals("FATAL") ? "SEVERE" : u.equals("WARN") ? "WARNING"
                : u.equals("DEBUG") ? "FINE" : u.equals("TRACE") ? "FINEST" : u;
        try {
            return Level.parse(mapped).getName();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + level + "' is not a java.util.logging level: use OFF, SEVERE, WARNING, INFO, "
                    + "CONFIG, FINE, FINER, FINEST or ALL (ERROR, WARN, DEBUG, TRACE are understood too)");
        }
    }

    public synchronized void unpinAll() {
        pinned.clear();
    }
}
