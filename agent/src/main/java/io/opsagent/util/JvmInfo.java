package io.opsagent.util;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/** Facts about the JVM that work from Java 8 on (no {@code ProcessHandle}). */
public final class JvmInfo {
    private JvmInfo() {
    }

    public static long pid() {
        String name = ManagementFactory.getRuntimeMXBean().getName();
        int at = name.indexOf('@');
        try {
            return Long.parseLong(at > 0 ? name.substring(0, at) : name);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static int featureVersion() {
        String v = System.getProperty("java.specification.version", "1.8");
        if (v.startsWith("1.")) {
            v = v.substring(2);
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 8;
        }
    }

    public static String agentVersion() {
        Package p = JvmInfo.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** Collections run so far, all collectors together. */
    public static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    public static String tmpDir() {
        return System.getProperty("java.io.tmpdir");
    }
}
