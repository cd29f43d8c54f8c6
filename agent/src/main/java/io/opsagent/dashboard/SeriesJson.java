package io.opsagent.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders samples column by column ({@code "heap": {"used": [...]}}), the shape a chart draws from, and
 * about a third the size of one object per sample. Pools and collectors are matched by name, so a sample
 * taken with another set of them (never on HotSpot, but cheap to allow) leaves nulls, not shifted columns.
 */
final class SeriesJson {
    private SeriesJson() {
    }

    static Map<String, Object> render(List<JvmSample> samples, long intervalMillis, int capacity, long nowMillis) {
        int n = samples.size();
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("intervalMillis", intervalMillis);
        out.put("capacity", capacity);
        out.put("now", nowMillis);
        out.put("processors", Runtime.getRuntime().availableProcessors());
        long[] t = new long[n];
        long[][] heap = new long[3][n];
        long[][] nonHeap = new long[2][n];
        int[][] states = new int[Thread.State.values().length][n];
        int[] daemon = new int[n];
        int[] live = new int[n];
        double[][] cpu = new double[2][n];
        long[][] cls = new long[2][n];
        long[] cost = new long[n];
        for (int i = 0; i < n; i++) {
            JvmSample s = samples.get(i);
            t[i] = s.timeMillis;
            heap[0][i] = s.heapUsed;
            heap[1][i] = s.heapCommitted;
            heap[2][i] = s.heapMax;
            nonHeap[0][i] = s.nonHeapUsed;
            nonHeap[1][i] = s.nonHeapCommitted;
            for (int k = 0; k < states.length; k++) {
                states[k][i] = s.threadStates[k];
            }
            daemon[i] = s.daemonThreads;
            live[i] = s.threads();
            cpu[0][i] = round4(s.processCpu);
            cpu[1][i] = round4(s.systemCpu);
            cls[0][i] = s.loadedClasses;
            cls[1][i] = s.unloadedClasses;
            cost[i] = s.costMicros;
        }
        out.put("time", t);
        out.put("heap", columns(new String[] {"used", "committed", "max"}, heap));
        out.put("nonHeap", columns(new String[] {"used", "committed"}, nonHeap));
        out.put("pools", named(samples, true));
        out.put("gc", named(samples, false));
        Map<String, Object> th = new LinkedHashMap<String, Object>();
        for (Thread.State st : Thread.State.values()) {
            th.put(st.name(), states[st.ordinal()]);
        }
        th.put("live", live);
        th.put("daemon", daemon);
        out.put("threads", th);
        Map<String, Object> c = new LinkedHashMap<String, Object>();
        c.put("process", cpu[0]);
        c.put("system", cpu[1]);
        out.put("cpu", c);
        Map<String, Object> k = new LinkedHashMap<String, Object>();
        k.put("loaded", cls[0]);
        k.put("unloaded", cls[1]);
        out.put("classes", k);
        out.put("sampleCostMicros", cost);
        return out;
    }

    private static Map<String, Object> columns(String[] names, long[][] values) {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return m;
    }

    private static final String[] POOL_FIELDS = {"used", "committed", "max"};
    private static final String[] GC_FIELDS = {"count", "timeMillis", "longestMillis"};

    /** One entry per pool (or collector) name, each field a column over all samples. */
    private static List<Map<String, Object>> named(List<JvmSample> samples, boolean pools) {
        String[] fields = pools ? POOL_FIELDS : GC_FIELDS;
        List<Map<String, Object>> out = new ArrayList<Map<String, Object>>();
        for (String name : names(samples, pools)) {
            Long[][] v = new Long[fields.length][samples.size()];
            String type = "heap";
            for (int i = 0; i < samples.size(); i++) {
                JvmSample s = samples.get(i);
                int at = indexOf(pools ? s.poolNames : s.gcNames, name);
                if (at < 0) {
                    continue;
                }
                long[][] columns = pools ? new long[][] {s.poolUsed, s.poolCommitted, s.poolMax}
                        : new long[][] {s.gcCount, s.gcTimeMillis, s.gcLongestMillis};
                for (int k = 0; k < fields.length; k++) {
                    v[k][i] = columns[k][at];
                }
                if (pools) {
                    type = s.poolIsHeap[at] ? "heap" : "non-heap";
                }
            }
            Map<String, Object> m = new LinkedHashMap<String, Object>();
            m.put("name", name);
            if (pools) {
                m.put("type", type);
            }
            for (int k = 0; k < fields.length; k++) {
                m.put(fields[k], v[k]);
            }
            out.add(m);
        }
        return out;
    }

    private static List<String> names(List<JvmSample> samples, boolean pools) {
        List<String> names = new ArrayList<String>();
        String[] last = null;
        for (JvmSample s : samples) {
            String[] these = pools ? s.poolNames : s.gcNames;
            if (these == last) {
                continue;
            }
            last = these;
            for (String n : these) {
                if (!names.contains(n)) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static double round4(double v) {
        return v < 0 ? -1 : Math.round(v * 10_000) / 10_000.0;
    }
}
