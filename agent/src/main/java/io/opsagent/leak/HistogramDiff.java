package io.opsagent.leak;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The classes that grew steadily across successive live class histograms (the cheap version of
 * Cork's per-type growth tracking): more bytes and more instances in every histogram than in the
 * one before. Named classes rank before arrays, which grow with whatever holds them.
 */
final class HistogramDiff {
    static final int LISTED = 10;

    /** One steadily growing class. */
    static final class Growing {
        final String className;
        final double bytesPerMinute;
        final double instancesPerMinute;
        final long bytes;
        final long instances;
        final int histograms;

        Growing(String className, double bytesPerMinute, double instancesPerMinute, long bytes, long instances, int histograms) {
            this.className = className;
            this.bytesPerMinute = bytesPerMinute;
            this.instancesPerMinute = instancesPerMinute;
            this.bytes = bytes;
            this.instances = instances;
            this.histograms = histograms;
        }

        boolean isArray() {
            return className.startsWith("[");
        }
    }

    private HistogramDiff() {
    }

    /**
     * Steady growth needs two intervals, so three histograms: across one interval half the heap's
     * classes grow by chance (class loading, caches filling, a ring buffer not yet full).
     */
    static final int MIN_HISTOGRAMS = 3;
    private static final String AGENT_PACKAGE = "io.opsagent.";
    /**
     * A class is listed only when its bytes grew by at least this share of the live data's whole rise,
     * or, for a named class, its instances by {@link #MIN_SHARE_OF_FASTEST} of the fastest-growing class's. The agent's
     * own bounded rings fill for minutes (each kept histogram's arrays, each GC event's pool arrays)
     * and grew at every step beside a 1 MiB/s leak by a few hundred bytes. A leak's holder class (16
     * bytes an instance around a 2 KB array) is under 1% of the bytes but grows by as many instances
     * as its arrays.
     */
    static final double MIN_SHARE_OF_RISE = 0.01;
    /**
     * 5%, not 1%: beside a 1 MiB/s leak (30,800 records a minute) String grew by 540-680 a minute at
     * every step, the JVM's and the agent's first-time work (constant pool strings, GC notification
     * types, the allocation-site profile); a leak's holder grows by as many instances as its arrays.
     */
    static final double MIN_SHARE_OF_FASTEST = 0.05;

    /** Uses all histograms given, oldest first. */
    static List<Growing> growing(List<LiveHistogram> snaps) {
        List<Growing> out = new ArrayList<Growing>();
        if (snaps.size() < MIN_HISTOGRAMS) {
            return out;
        }
        LiveHistogram first = snaps.get(0);
        LiveHistogram last = snaps.get(snaps.size() - 1);
        double minutes = (last.takenMillis - first.takenMillis) / 60_000.0;
        if (minutes <= 0) {
            return out;
        }
        for (String name : last.names) {
            // the agent's own bounded rings (the dashboard's samples fill for ten minutes) are not the application's leak
            if (!isAgentOwn(name) && grewEveryTime(name, snaps)) {
                long[] f = first.valueOf(name);
                long[] l = last.valueOf(name);
                out.add(new Growing(name, (l[1] - f[1]) / minutes, (l[0] - f[0]) / minutes, l[1], l[0], snaps.size()));
            }
        }
        double liveRisePerMinute = (last.totalBytes - first.totalBytes) / minutes;
        double fastest = 0;
        for (Growing g : out) {
            fastest = Math.max(fastest, g.instancesPerMinute);
        }
        for (java.util.Iterator<Growing> it = out.iterator(); it.hasNext();) {
            Growing g = it.next();
            boolean fewBytes = g.bytesPerMinute < MIN_SHARE_OF_RISE * liveRisePerMinute;
            if (fewBytes && (g.isArray() || g.instancesPerMinute < MIN_SHARE_OF_FASTEST * fastest)) {
                it.remove();
            }
        }
        Collections.sort(out, (a, b) -> a.isArray() != b.isArray() ? (a.isArray() ? 1 : -1)
                : Double.compare(b.bytesPerMinute, a.bytesPerMinute));
        return out.size() > LISTED ? new ArrayList<Growing>(out.subList(0, LISTED)) : out;
    }

    /**
     * True for a class that comes from the agent's own jar (io.opsagent.demo and tests share the prefix but not the jar):
     * judged by where the class file is, so an application's io.opsagent.* classes are still watched.
     */
    static boolean isAgentOwn(String className) {
        if (!className.startsWith(AGENT_PACKAGE)) {
            return false;
        }
        try {
            java.net.URL own = HistogramDiff.class.getProtectionDomain().getCodeSource().getLocation();
            ClassLoader loader = HistogramDiff.class.getClassLoader();
            java.net.URL found = loader == null ? null : loader.getResource(className.replace('.', '/') + ".class");
            return own != null && found != null && found.toString().contains(own.getPath());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean grewEveryTime(String name, List<LiveHistogram> snaps) {
        long[] prev = snaps.get(0).valueOf(name);
        for (int i = 1; i < snaps.size(); i++) {
            long[] cur = snaps.get(i).valueOf(name);
            if (cur[0] <= prev[0] || cur[1] <= prev[1]) {
                return false;
            }
            prev = cur;
        }
        return true;
    }
}
