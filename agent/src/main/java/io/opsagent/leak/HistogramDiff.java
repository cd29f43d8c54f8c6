package io.opsagent.leak;

import io.opsagent.diag.ClassHistogram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The classes that grew steadily across successive live class histograms (the cheap version of
 * Cork's per-type growth tracking): more bytes and more instances in every histogram than in the
 * one before. Named classes rank before arrays, which grow with whatever holds them.
 */
final class HistogramDiff {
    static final int KEPT_ROWS = 400;
    static final int LISTED = 10;

    /** A histogram reduced to its largest classes: name → {instances, bytes}. */
    static final class Snapshot {
        final long takenMillis;
        final Map<String, long[]> classes;
        /** Every live object's bytes, all classes: an exact floor. */
        final long totalBytes;

        Snapshot(long takenMillis, Map<String, long[]> classes, long totalBytes) {
            this.takenMillis = takenMillis;
            this.classes = classes;
            this.totalBytes = totalBytes;
        }

        static Snapshot of(ClassHistogram h, long takenMillis) {
            List<ClassHistogram.Row> rows = new ArrayList<ClassHistogram.Row>(h.rows);
            Collections.sort(rows, (a, b) -> Long.compare(b.bytes, a.bytes));
            Map<String, long[]> m = new HashMap<String, long[]>();
            for (ClassHistogram.Row r : rows.subList(0, Math.min(KEPT_ROWS, rows.size()))) {
                m.put(r.className, new long[] {r.instances, r.bytes});
            }
            long total = 0;
            for (ClassHistogram.Row r : rows) {
                total += r.bytes;
            }
            return new Snapshot(takenMillis, m, total);
        }
    }

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
     * A class that grew by less than this share of the live data's whole rise is not listed: the
     * histograms the agent keeps (up to six of 400 class names each) themselves grow String,
     * HashMap$Node and long[] by about 1,500 a minute until six are kept, and a 1 MiB/s leak listed
     * them beside the leaking class (and tried to sample String's allocation sites).
     */
    static final double MIN_SHARE_OF_RISE = 0.01;

    /** Uses all histograms given, oldest first. */
    static List<Growing> growing(List<Snapshot> snaps) {
        List<Growing> out = new ArrayList<Growing>();
        if (snaps.size() < MIN_HISTOGRAMS) {
            return out;
        }
        Snapshot first = snaps.get(0);
        Snapshot last = snaps.get(snaps.size() - 1);
        double minutes = (last.takenMillis - first.takenMillis) / 60_000.0;
        if (minutes <= 0) {
            return out;
        }
        long liveRise = last.totalBytes - first.totalBytes;
        for (Map.Entry<String, long[]> e : last.classes.entrySet()) {
            // the agent's own bounded rings (the dashboard's samples fill for ten minutes) are not the application's leak
            if (!isAgentOwn(e.getKey()) && grewEveryTime(e.getKey(), snaps)) {
                long[] f = valueIn(first, e.getKey());
                long[] l = e.getValue();
                if (liveRise > 0 && l[1] - f[1] < MIN_SHARE_OF_RISE * liveRise) {
                    continue;
                }
                out.add(new Growing(e.getKey(), (l[1] - f[1]) / minutes, (l[0] - f[0]) / minutes, l[1], l[0], snaps.size()));
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

    private static boolean grewEveryTime(String name, List<Snapshot> snaps) {
        long[] prev = valueIn(snaps.get(0), name);
        for (int i = 1; i < snaps.size(); i++) {
            long[] cur = valueIn(snaps.get(i), name);
            if (cur[0] <= prev[0] || cur[1] <= prev[1]) {
                return false;
            }
            prev = cur;
        }
        return true;
    }

    /** A class missing from a reduced histogram was small then: count it as zero. */
    private static long[] valueIn(Snapshot s, String name) {
        long[] v = s.classes.get(name);
        return v == null ? new long[2] : v;
    }
}
