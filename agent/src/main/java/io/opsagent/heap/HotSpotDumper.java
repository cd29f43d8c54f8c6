package io.opsagent.heap;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;

/**
 * The JVM's own heap dumper ({@code HotSpotDiagnosticMXBean.dumpHeap}): it writes raw HPROF at disk
 * speed inside one safepoint. JVMs without it (OpenJ9) get a reason instead, which the endpoints answer with 501.
 */
final class HotSpotDumper {
    private final HotSpotDiagnosticMXBean bean;
    private final String unavailable;

    private HotSpotDumper(HotSpotDiagnosticMXBean bean, String unavailable) {
        this.bean = bean;
        this.unavailable = unavailable;
    }

    static HotSpotDumper find() {
        try {
            HotSpotDiagnosticMXBean b = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            if (b != null) {
                return new HotSpotDumper(b, null);
            }
        } catch (RuntimeException | LinkageError e) {
            return new HotSpotDumper(null, reason(e.toString()));
        }
        return new HotSpotDumper(null, reason("the platform MXBean is absent"));
    }

    private static String reason(String detail) {
        return "this JVM (" + System.getProperty("java.vm.name") + ") has no HotSpotDiagnosticMXBean to write heap dumps: " + detail;
    }

    /** Null when dumps can be taken; otherwise why not. */
    String unavailable() {
        return unavailable;
    }

    /** Writes the dump; the file must not exist and its name must end in {@code .hprof} (the JVM insists). */
    void dump(Path file, boolean live) throws IOException {
        bean.dumpHeap(file.toAbsolutePath().toString(), live);
    }
}
