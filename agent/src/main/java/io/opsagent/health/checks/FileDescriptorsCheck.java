package io.opsagent.health.checks;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** Open file descriptors as a share of the process limit; only Unix-like JVMs can tell. */
final class FileDescriptorsCheck implements Check {
    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (!isUnix(os)) {
            return Observation.warned(null, "this JVM does not report file descriptors (" + System.getProperty("os.name") + ")");
        }
        UnixOperatingSystemMXBean unix = (UnixOperatingSystemMXBean) os;
        long open = unix.getOpenFileDescriptorCount();
        long max = unix.getMaxFileDescriptorCount();
        if (open < 0 || max <= 0) {
            return Observation.warned(null, "this JVM does not report file descriptors");
        }
        double pct = Math.round(open * 1000.0 / max) / 10.0;
        return Observation.of(pct, open + " of " + max + " file descriptors open");
    }

    private static boolean isUnix(OperatingSystemMXBean os) {
        try {
            return os instanceof UnixOperatingSystemMXBean;
        } catch (LinkageError e) {
            return false;
        }
    }
}
