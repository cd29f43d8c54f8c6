package io.opsagent.leak;

import io.opsagent.diag.ClassHistogram;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A live class histogram reduced to its largest classes, in three flat arrays sorted by name. Not a map of
 * per-class objects: the six kept snapshots grew String, HashMap$Node and long[] by about 1,500 a
 * minute until six were kept, and the agent listed its own snapshots beside a leaking class. The
 * names are interned, so every snapshot after the first shares them.
 */
final class LiveHistogram {
    /** The largest classes kept of each histogram. */
    static final int KEPT_ROWS = 400;
    /**
     * JDK 19 and later fill the dead space a histogram's heap walk must step over (the unused rest of
     * each thread's allocation buffer) with objects of their own classes; before that, with plain
     * {@code int[]}. Both show in a live histogram as if live: on Serial 512 MiB with 20 MB/s of
     * garbage, 0-18 MB from one histogram to the next ([Ljdk.internal.vm.FillerElement; on JDK 25,
     * [I on 17), so a 1 MiB/s leak's rate read +16% and a 20 s step read +3 MB.
     */
    static final boolean FILLERS_NAMED = io.opsagent.util.JvmInfo.featureVersion() >= 19;
    /**
     * Before JDK 19, int[] bytes beyond this much per instance count as filler: fillers are a few
     * hundred arrays of tens of KB (311 holding 17.8 MB), an application's int[] are mostly small. A
     * leak of large int[] on JDK 8-18 is then under-counted in bytes (its instances still count).
     */
    static final long INT_ARRAY_BYTES_COUNTED = 4096;

    static boolean isFiller(String className) {
        return className.equals("[Ljdk.internal.vm.FillerElement;") || className.equals("jdk.internal.vm.FillerObject");
    }

    /** A row's bytes that are live data: none for the JVM's filler objects (see {@link #FILLERS_NAMED}). */
    static long liveBytes(ClassHistogram.Row r, boolean fillersNamed) {
        if (isFiller(r.className)) {
            return 0;
        }
        if (!fillersNamed && r.className.equals("[I")) {
            return Math.min(r.bytes, r.instances * INT_ARRAY_BYTES_COUNTED);
        }
        return r.bytes;
    }

    final long takenMillis;
    /** Sorted, interned: {@link HistogramDiff} walks them. */
    final String[] names;
    private final long[] instances;
    private final long[] bytes;
    /** Every live object's bytes, all classes: an exact floor. */
    final long totalBytes;

    private LiveHistogram(long takenMillis, String[] names, long[] instances, long[] bytes, long totalBytes) {
        this.takenMillis = takenMillis;
        this.names = names;
        this.instances = instances;
        this.bytes = bytes;
        this.totalBytes = totalBytes;
    }

    static LiveHistogram of(ClassHistogram h, long takenMillis) {
        return of(h, takenMillis, FILLERS_NAMED);
    }

    static LiveHistogram of(ClassHistogram h, long takenMillis, boolean fillersNamed) {
        List<ClassHistogram.Row> rows = new ArrayList<ClassHistogram.Row>(h.rows);
        long total = 0;
        for (ClassHistogram.Row r : rows) {
            total += liveBytes(r, fillersNamed);
        }
        for (java.util.Iterator<ClassHistogram.Row> it = rows.iterator(); it.hasNext();) {
            if (isFiller(it.next().className)) {
                it.remove();
            }
        }
        Collections.sort(rows, (a, b) -> Long.compare(b.bytes, a.bytes));
        rows = new ArrayList<ClassHistogram.Row>(rows.subList(0, Math.min(KEPT_ROWS, rows.size())));
        Collections.sort(rows, (a, b) -> a.className.compareTo(b.className));
        int n = rows.size();
        String[] names = new String[n];
        long[] instances = new long[n];
        long[] bytes = new long[n];
        for (int i = 0; i < n; i++) {
            names[i] = rows.get(i).className.intern();
            instances[i] = rows.get(i).instances;
            bytes[i] = rows.get(i).bytes;
        }
        return new LiveHistogram(takenMillis, names, instances, bytes, total);
    }

    /** {instances, bytes}; a class missing from a reduced histogram was small then: zero. */
    long[] valueOf(String name) {
        int i = java.util.Arrays.binarySearch(names, name);
        return i < 0 ? new long[2] : new long[] {instances[i], bytes[i]};
    }
}
