package io.opsagent.metrics.jvm;

import io.opsagent.metrics.MetricType;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.metrics.PrometheusWriter;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * The standard {@code process_*} families every Prometheus client exports. CPU time and file descriptors
 * come from the operating system bean's extensions ({@code com.sun.management} on HotSpot,
 * {@code com.ibm.lang.management} on OpenJ9), found by reflection through public interfaces so the same
 * jar runs on Java 8 and on a JVM without them; memory sizes from {@code /proc/self/status}, so on Linux
 * only. A family this JVM or OS cannot give is left out, as the Java client leaves it out.
 */
public final class ProcessMetrics implements MetricsRegistry.Source {
    private static final File STATUS = new File("/proc/self/status");
    private static final double KIB = 1024;

    private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    private final Method cpuNanos = publicGetter(os, "getProcessCpuTime");
    private final Method openFds = publicGetter(os, "getOpenFileDescriptorCount");
    private final Method maxFds = publicGetter(os, "getMaxFileDescriptorCount");

    @Override
    public void write(PrometheusWriter w) {
        Long cpu = call(cpuNanos);
        if (cpu != null && cpu >= 0) {
            w.family("process_cpu_seconds", MetricType.COUNTER, "Total user and system CPU time spent in seconds.", "seconds")
                    .add("_total", cpu / 1e9);
        }
        w.gauge("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0);
        Long open = call(openFds);
        if (open != null) {
            w.family("process_open_fds", MetricType.GAUGE, "Number of open file descriptors.", null).add("", open);
        }
        Long max = call(maxFds);
        if (max != null) {
            w.family("process_max_fds", MetricType.GAUGE, "Maximum number of open file descriptors.", null).add("", max);
        }
        if (STATUS.canRead()) {
            memory(w);
        }
    }

    private static void memory(PrometheusWriter w) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(STATUS.toPath()), StandardCharsets.US_ASCII))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("VmSize:")) {
                    w.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", kib(line) * KIB);
                } else if (line.startsWith("VmRSS:")) {
                    w.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", kib(line) * KIB);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // /proc changed its format or went away: the other families still count
        }
    }

    private static double kib(String statusLine) {
        return Double.parseDouble(statusLine.split("\\s+")[1]);
    }

    private Long call(Method m) {
        try {
            return m == null ? null : ((Number) m.invoke(os)).longValue();
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * The getter as declared by a public interface the bean implements: the bean's own class is not public
     * (and on Java 9+ not exported), so only an interface's method may be invoked without setAccessible.
     */
    static Method publicGetter(Object bean, String name) {
        for (Class<?> c = bean.getClass(); c != null; c = c.getSuperclass()) {
            Method m = fromInterfaces(c.getInterfaces(), name);
            if (m != null) {
                return m;
            }
        }
        return null;
    }

    private static Method fromInterfaces(Class<?>[] interfaces, String name) {
        for (Class<?> i : interfaces) {
            if (Modifier.isPublic(i.getModifiers())) {
                try {
                    return i.getMethod(name);
                } catch (NoSuchMethodException ignored) {
                    // look further up
                }
            }
            Method m = fromInterfaces(i.getInterfaces(), name);
            if (m != null) {
                return m;
            }
        }
        return null;
    }
}
