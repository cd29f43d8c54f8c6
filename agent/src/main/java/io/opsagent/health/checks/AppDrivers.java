package io.opsagent.health.checks;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Finds a JDBC driver among the application's class loaders: the system loader and the context
 * loaders of its live threads (which is where web containers put an application's libraries).
 * The driver is called directly rather than through {@link DriverManager}, which would refuse a
 * driver the agent's own loader cannot see.
 */
final class AppDrivers {
    /** Enough to cover a container's applications without walking thousands of loaders. */
    private static final int MAX_LOADERS = 64;
    private static final int MAX_THREADS = 4096;

    Driver find(String url, String driverClass) throws SQLException {
        for (ClassLoader loader : loaders()) {
            Driver d = driverClass != null ? byName(driverClass, loader) : byService(url, loader);
            if (d != null) {
                return d;
            }
        }
        try {
            return DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new SQLException(driverClass != null
                    ? "driver class " + driverClass + " is not on the application's class path"
                    : "no JDBC driver on the application's class path takes this URL; set driver to its class name");
        }
    }

    private static Driver byName(String name, ClassLoader loader) {
        try {
            return (Driver) Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            return null;
        }
    }

    private static Driver byService(String url, ClassLoader loader) {
        try {
            Iterator<Driver> it = ServiceLoader.load(Driver.class, loader).iterator();
            while (it.hasNext()) {
                try {
                    Driver d = it.next();
                    if (d.acceptsURL(url)) {
                        return d;
                    }
                } catch (ServiceConfigurationError | SQLException | LinkageError e) {
                    // a broken driver entry must not hide the others
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            return null;
        }
        return null;
    }

    static Set<ClassLoader> loaders() {
        Set<ClassLoader> out = new LinkedHashSet<ClassLoader>();
        out.add(ClassLoader.getSystemClassLoader());
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[Math.min(MAX_THREADS, root.activeCount() * 2 + 16)];
        int n = root.enumerate(threads, true);
        for (int i = 0; i < n && out.size() < MAX_LOADERS; i++) {
            ClassLoader l = threads[i].getContextClassLoader();
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }
}
