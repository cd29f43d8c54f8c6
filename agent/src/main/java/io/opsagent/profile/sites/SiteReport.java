package io.opsagent.profile.sites;

import io.opsagent.jfr.JfrReader;
import io.opsagent.util.IsoTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the sampled, still-live objects of one class were allocated: the stacks grouped and ranked.
 * An object counts when it is an instance of the class, or was allocated inside the class's
 * constructor (its payload: usually most of what a leaking instance retains); then the stack is cut
 * below the constructor, so both name the code that wrote {@code new}. Only objects that stayed alive
 * for the second half of the window are ranked: younger ones are as likely in use as leaked (a cache's
 * turnover, a request's buffers), and would bury a slow leak under a busy allocator.
 */
final class SiteReport {
    static final int TOP = 5;
    static final int FRAMES = 8;

    final String className;
    final String engine;
    final long startedMillis;
    final long durationMillis;
    /** Matching objects younger than this at the end of the window are counted apart: half the window. */
    final long minAgeMillis;
    int samples;
    int matched;
    int young;
    final Map<String, Site> sites = new LinkedHashMap<String, Site>();
    final Map<String, Site> youngSites = new LinkedHashMap<String, Site>();
    final Map<String, Object> cost = new LinkedHashMap<String, Object>();
    String note;

    static final class Site {
        final List<JfrReader.Frame> frames;
        final String match;
        int count;
        long bytes;

        Site(List<JfrReader.Frame> frames, String match) {
            this.frames = frames;
            this.match = match;
        }
    }

    SiteReport(String className, String engine, long startedMillis, long durationMillis) {
        this.className = className;
        this.engine = engine;
        this.startedMillis = startedMillis;
        this.durationMillis = durationMillis;
        this.minAgeMillis = durationMillis / 2;
    }

    /**
     * One surviving sampled object of type {@code type} allocated at {@code stack} (top frame first),
     * {@code ageMillis} old at the end of the window (-1: unknown, counted as old).
     */
    void offer(String type, List<JfrReader.Frame> stack, long bytes, long ageMillis) {
        samples++;
        String match = null;
        List<JfrReader.Frame> frames = stack;
        if (className.equals(type)) {
            match = "instance";
        } else {
            int below = belowConstructor(stack);
            if (below > 0) {
                match = "constructor";
                frames = stack.subList(below, stack.size());
            }
        }
        if (match == null || frames.isEmpty()) {
            return;
        }
        boolean isYoung = ageMillis >= 0 && ageMillis < minAgeMillis;
        if (isYoung) {
            young++;
        } else {
            matched++;
        }
        Map<String, Site> into = isYoung ? youngSites : sites;
        List<JfrReader.Frame> top = new ArrayList<JfrReader.Frame>(frames.subList(0, Math.min(FRAMES, frames.size())));
        StringBuilder key = new StringBuilder();
        for (JfrReader.Frame f : top) {
            key.append(f.name()).append(':').append(f.line).append(';');
        }
        Site s = into.get(key.toString());
        if (s == null) {
            s = new Site(top, match);
            into.put(key.toString(), s);
        }
        s.count++;
        s.bytes += Math.max(0, bytes);
    }

    /** Index of the first frame below the class's own constructor frames near the top, or 0 when there are none. */
    int belowConstructor(List<JfrReader.Frame> stack) {
        int i = 0;
        boolean seen = false;
        for (; i < stack.size() && i < 4; i++) {
            JfrReader.Frame f = stack.get(i);
            if (f.className.equals(className) && f.method.equals("<init>")) {
                seen = true;
            } else if (seen) {
                return i;
            }
        }
        return 0;
    }

    /** Whether no sampled object matched at all, old or young. */
    boolean empty() {
        return matched + young == 0;
    }

    void addNote(String more) {
        note = joined(note, more);
    }

    private static String joined(String note, String more) {
        return note == null ? more : note + "; " + more;
    }

    /** The ranked sites, the form {@code /leaks} shows. */
    Map<String, Object> toJson() {
        // with nothing old enough (a short window), the young ones are better than no answer, and said to be young
        boolean onlyYoung = matched == 0 && young > 0;
        int counted = onlyYoung ? young : matched;
        List<Site> ranked = new ArrayList<Site>((onlyYoung ? youngSites : sites).values());
        Collections.sort(ranked, new Comparator<Site>() {
            @Override
            public int compare(Site a, Site b) {
                return Integer.compare(b.count, a.count);
            }
        });
        List<Object> top = new ArrayList<Object>();
        for (Site s : ranked.subList(0, Math.min(TOP, ranked.size()))) {
            Map<String, Object> m = new LinkedHashMap<String, Object>();
            m.put("samples", s.count);
            m.put("share", counted == 0 ? 0 : Math.round(1000.0 * s.count / counted) / 1000.0);
            m.put("sampledBytes", s.bytes);
            m.put("match", s.match);
            List<Object> frames = new ArrayList<Object>();
            for (JfrReader.Frame f : s.frames) {
                Map<String, Object> fm = new LinkedHashMap<String, Object>();
                fm.put("method", f.name());
                if (f.line > 0 && !f.className.contains("$$")) {
                    // generated classes (lambda proxies) have no source file
                    fm.put("file", sourceFile(f.className));
                    fm.put("line", f.line);
                }
                frames.add(fm);
            }
            m.put("frames", frames);
            top.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("className", className);
        out.put("engine", engine);
        out.put("sampled", IsoTime.seconds(startedMillis));
        out.put("durationMillis", durationMillis);
        out.put("liveSamples", samples);
        out.put("matchedSamples", matched);
        out.put("youngSamples", young);
        out.put("minAgeMillis", minAgeMillis);
        out.put("sites", top);
        out.put("cost", cost);
        String says = onlyYoung ? joined(note, "no matching object stayed alive for " + minAgeMillis
                + " ms: these sites are of younger objects, which may still be in use rather than leaked") : note;
        if (says != null) {
            out.put("note", says);
        }
        return out;
    }

    /**
     * JFR stack frames carry no source file name; this is javac's default ({@code Outer.java} for
     * {@code pkg.Outer$Inner}), right for nearly all code and named as inferred in the docs.
     */
    static String sourceFile(String className) {
        String simple = className.substring(className.lastIndexOf('.') + 1);
        int dollar = simple.indexOf('$');
        return (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
    }
}
