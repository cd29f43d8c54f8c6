package io.opsagent.profile.sites;

import io.opsagent.jfr.JfrReader;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The constructions of a suspect class seen during one sampling window, and a bounded, even sample of
 * them: each object held weakly (the sampler keeps nothing alive) with the stack that built it. Called
 * on the host's threads from the instrumented constructors, so the common path is a counter and, once
 * the table has filled, a thread-local random draw; a stack is captured only for a sampled construction.
 *
 * <p>Every construction is sampled until the table ({@link #capacity}) fills; then the rate halves and
 * the kept samples are thinned to match (cleared ones dropped first), so the table is at any time a
 * uniform 1-in-{@link #every()} sample of the window's constructions, however fast the class is built,
 * and stack captures stay near {@code capacity * log2(constructions / capacity)}.
 */
final class ConstructionSamples {
    /** Bounds the table: 1024 samples of at most {@link SiteReport#FRAMES} frames, about 1.5 MB at worst. */
    static final int CAPACITY = 1024;

    private final Class<?>[] targets;
    private final Set<String> hierarchy = new HashSet<String>();
    private final int capacity;
    private final LongAdder seen = new LongAdder();
    private final LongAdder captured = new LongAdder();
    private volatile int every = 1;
    private final List<WeakReference<Object>> refs = new ArrayList<WeakReference<Object>>();
    private final List<StackTraceElement[]> stacks = new ArrayList<StackTraceElement[]>();

    ConstructionSamples(Class<?>[] targets, int capacity) {
        this.targets = targets.clone();
        this.capacity = capacity;
        for (Class<?> t : targets) {
            for (Class<?> c = t; c != null; c = c.getSuperclass()) {
                hierarchy.add(c.getName());
            }
        }
    }

    /** From a constructor's exit: counts an object of exactly a target class, and samples it at the current rate. */
    void constructed(Object o) {
        if (!isTarget(o.getClass())) {
            // a subclass passing through its superclass's constructor: the histogram counts it under its own name
            return;
        }
        seen.increment();
        int rate = every;
        if (rate > 1 && ThreadLocalRandom.current().nextInt(rate) != 0) {
            return;
        }
        captured.increment();
        StackTraceElement[] frames = callerFrames(new Throwable().getStackTrace(), hierarchy, SiteReport.FRAMES);
        if (frames != null) {
            add(o, frames, rate);
        }
    }

    private boolean isTarget(Class<?> c) {
        for (Class<?> t : targets) {
            if (t == c) {
                return true;
            }
        }
        return false;
    }

    /** Keeps one sample taken at rate 1-in-{@code rate}; the rate may have halved meanwhile, then it is kept at the new odds. */
    synchronized void add(Object o, StackTraceElement[] frames, int rate) {
        if (every > rate && ThreadLocalRandom.current().nextInt(every / rate) != 0) {
            return;
        }
        while (refs.size() >= capacity) {
            thin();
        }
        refs.add(new WeakReference<Object>(o));
        stacks.add(frames);
    }

    /** Drops the cleared samples; if the table is still over half full, halves the rate and keeps each sample at even odds. */
    private void thin() {
        boolean halve = false;
        for (int pass = 0; pass < 2; pass++) {
            int w = 0;
            for (int i = 0; i < refs.size(); i++) {
                boolean keep = refs.get(i).get() != null && (!halve || ThreadLocalRandom.current().nextBoolean());
                if (keep) {
                    refs.set(w, refs.get(i));
                    stacks.set(w, stacks.get(i));
                    w++;
                }
            }
            refs.subList(w, refs.size()).clear();
            stacks.subList(w, stacks.size()).clear();
            if (halve || refs.size() <= capacity / 2) {
                return;
            }
            halve = true;
            every = every * 2;
        }
    }

    /**
     * The frames of the code that wrote {@code new}: below the recorder's frames and the constructor
     * frames of the class and its superclasses, at most {@code max}; null for the inner constructor of
     * a {@code this(...)} chain (its outer constructor reports the same object).
     */
    static StackTraceElement[] callerFrames(StackTraceElement[] stack, Set<String> hierarchy, int max) {
        int i = 0;
        while (i < stack.length && isRecorder(stack[i].getClassName())) {
            i++;
        }
        String first = null;
        for (; i < stack.length && stack[i].getMethodName().equals("<init>") && hierarchy.contains(stack[i].getClassName()); i++) {
            if (first == null) {
                first = stack[i].getClassName();
            } else if (first.equals(stack[i].getClassName())) {
                return null;
            }
        }
        StackTraceElement[] out = new StackTraceElement[Math.max(0, Math.min(max, stack.length - i))];
        System.arraycopy(stack, i, out, 0, out.length);
        return out;
    }

    private static boolean isRecorder(String className) {
        return className.equals(ConstructionSamples.class.getName()) || className.equals(ConstructionRecorder.class.getName());
    }

    long seen() {
        return seen.sum();
    }

    long captured() {
        return captured.sum();
    }

    int every() {
        return every;
    }

    synchronized int kept() {
        return refs.size();
    }

    /** A sample whose object the GC has not cleared. */
    static final class Survivor {
        final Object object;
        final List<JfrReader.Frame> frames;

        Survivor(Object object, List<JfrReader.Frame> frames) {
            this.object = object;
            this.frames = frames;
        }
    }

    /** The samples whose objects the GC has not cleared, with their frames as {@link SiteReport} reads them. */
    synchronized List<Survivor> survivors() {
        List<Survivor> out = new ArrayList<Survivor>();
        for (int i = 0; i < refs.size(); i++) {
            Object o = refs.get(i).get();
            if (o != null) {
                out.add(new Survivor(o, frames(stacks.get(i))));
            }
        }
        return out;
    }

    static List<JfrReader.Frame> frames(StackTraceElement[] stack) {
        List<JfrReader.Frame> out = new ArrayList<JfrReader.Frame>(stack.length);
        for (StackTraceElement e : stack) {
            out.add(JfrReader.Frame.of(e.getClassName(), e.getMethodName(), e.getLineNumber()));
        }
        return out;
    }
}
