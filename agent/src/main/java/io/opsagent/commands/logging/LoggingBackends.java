package io.opsagent.commands.logging;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the logging frameworks the application actually uses. With {@link Instrumentation}, only
 * frameworks already loaded count (so we never initialise one the application merely ships);
 * without it, the system and thread context class loaders are asked.
 */
public final class LoggingBackends {
    private LoggingBackends() {
    }

    public static List<LoggingBackend> find(Instrumentation inst, JulBackend jul) {
        List<LoggingBackend> out = new ArrayList<LoggingBackend>();
        out.add(jul);
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<Object, Boolean>());
        for (ClassLoader l : loaders(inst, Log4j2Backend.LOG_MANAGER)) {
            Log4j2Backend b = Log4j2Backend.in(l);
            if (b != null && seen.add(b.identity())) {
                out.add(b);
            }
        }
        for (ClassLoader l : loaders(inst, LogbackBackend.SLF4J)) {
            LogbackBackend b = LogbackBackend.in(l);
            if (b != null && seen.add(b.identity())) {
                out.add(b);
            }
        }
        return out;
    }

    private static Set<ClassLoader> loaders(Instrumentation inst, String className) {
        Set<ClassLoader> out = new LinkedHashSet<ClassLoader>();
        if (inst != null) {
            for (Class<?> c : inst.getAllLoadedClasses()) {
                if (c.getName().equals(className) && c.getClassLoader() != null) {
                    out.add(c.getClassLoader());
                }
            }
            return out;
        }
        out.add(ClassLoader.getSystemClassLoader());
        Thread[] threads = new Thread[Thread.activeCount() + 16];
        int n = Thread.enumerate(threads);
        for (int i = 0; i < n; i++) {
            ClassLoader cl = threads[i].getContextClassLoader();
            if (cl != null) {
                out.add(cl);
            }
        }
        return out;
    }
}
