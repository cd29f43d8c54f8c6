package io.opsagent.leak;

import io.opsagent.config.Values;
import io.opsagent.util.IsoTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a verdict and the growing classes as the {@code /leaks} JSON (field names are the contract). */
final class LeakReport {
    private LeakReport() {
    }

    static Map<String, Object> render(LeakVerdict v, String collector, List<HistogramDiff.Growing> growing, long[] histStats,
            long histogramIntervalMillis, List<long[]> pauses, long nowMillis) {
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("verdict", v.level.label());
        out.put("reason", v.reason);
        out.put("signal", v.signal);
        out.put("growthBytesPerMinute", Math.round(v.growthBytesPerMinute));
        if (v.samples() >= LeakAnalyzer.MIN_SAMPLES && v.dataEtaMillis == 0) {
            Map<String, Object> range = new LinkedHashMap<String, Object>();
            range.put("low", Math.round(v.growthLowBytesPerMinute));
            range.put("high", Math.round(v.growthHighBytesPerMinute));
            out.put("growthRange95", range);
        }
        out.put("confidence", v.confidence);
        out.put("window", Values.formatDuration(v.windowMillis));
        out.put("windowMillis", v.windowMillis);
        out.put("spanMillis", v.spanMillis);
        out.put("samples", v.samples());
        if (v.dataEtaMillis > 0) {
            out.put("enoughDataInMillis", v.dataEtaMillis);
        }
        out.put("floorBytes", v.floorBytes());
        out.put("maxBytes", v.maxBytes);
        if (v.nearExhaustion != null) {
            out.put("nearExhaustion", v.nearExhaustion);
        }
        if (v.exhaustionMillis > 0 && v.level != LeakVerdict.Level.NONE) {
            Map<String, Object> ex = new LinkedHashMap<String, Object>();
            ex.put("time", IsoTime.seconds(v.exhaustionMillis));
            ex.put("inMinutes", Math.round((v.exhaustionMillis - nowMillis) / 6_000.0) / 10.0);
            ex.put("earliest", IsoTime.seconds(v.exhaustionEarliestMillis));
            if (v.exhaustionLatestMillis > 0) {
                ex.put("latest", IsoTime.seconds(v.exhaustionLatestMillis));
            }
            out.put("projectedExhaustion", ex);
        }
        out.put("collector", collector);
        List<Map<String, Object>> series = new ArrayList<Map<String, Object>>();
        for (int i = 0; i < v.times.length; i++) {
            Map<String, Object> p = new LinkedHashMap<String, Object>();
            p.put("time", v.times[i]);
            p.put("bytes", v.bytes[i]);
            series.add(p);
        }
        out.put("series", series);
        List<Map<String, Object>> classes = new ArrayList<Map<String, Object>>();
        for (HistogramDiff.Growing g : growing) {
            Map<String, Object> c = new LinkedHashMap<String, Object>();
            c.put("className", g.className);
            c.put("bytesPerMinute", Math.round(g.bytesPerMinute));
            c.put("instancesPerMinute", Math.round(g.instancesPerMinute));
            c.put("bytes", g.bytes);
            c.put("instances", g.instances);
            c.put("histograms", g.histograms);
            classes.add(c);
        }
        out.put("growingClasses", classes);
        Map<String, Object> h = new LinkedHashMap<String, Object>();
        h.put("taken", histStats[0]);
        h.put("kept", histStats[1]);
        if (histStats[2] > 0) {
            h.put("last", IsoTime.seconds(histStats[2]));
            h.put("lastMillis", histStats[3]);
        }
        h.put("interval", Values.formatDuration(histogramIntervalMillis));
        List<Map<String, Object>> p = new ArrayList<Map<String, Object>>();
        for (long[] pause : pauses) {
            Map<String, Object> one = new LinkedHashMap<String, Object>();
            one.put("time", IsoTime.seconds(pause[0]));
            one.put("pauseMillis", pause[1]);
            one.put("liveBytes", pause[2]);
            p.add(one);
        }
        h.put("pauses", p);
        out.put("histograms", h);
        return out;
    }

    /** Metaspace as a leak of its own kind: class loaders kept alive. */
    /**
     * G1's concurrent marking cycles seen (JDK 20+): how many are kept and the newest few, old
     * generation after Remark, so a reader can check what confirmed or cleared a rise.
     */
    static Map<String, Object> cycles(long[] times, long[] bytes) {
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("kept", times.length);
        List<Map<String, Object>> last = new ArrayList<Map<String, Object>>();
        for (int i = Math.max(0, times.length - 6); i < times.length; i++) {
            Map<String, Object> c = new LinkedHashMap<String, Object>();
            c.put("time", IsoTime.of(times[i]));
            c.put("oldBytes", bytes[i]);
            last.add(c);
        }
        out.put("last", last);
        return out;
    }

    static Map<String, Object> metaspace(MetaspaceTrend.Result m) {
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("kind", "class-loader (Metaspace)");
        out.put("verdict", m.level.label());
        out.put("reason", m.reason);
        out.put("classesPerMinute", Math.round(m.classesPerMinute * 10) / 10.0);
        out.put("bytesPerMinute", Math.round(m.bytesPerMinute));
        return out;
    }
}
