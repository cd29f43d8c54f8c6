package io.opsagent.profile.sites;

import io.opsagent.util.JvmInfo;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Allocation sites where async-profiler's {@code live} cannot run (Java 8, or its library does not
 * load): the suspect class's constructors are instrumented for the window ({@link ConstructorInstrumentation}),
 * each construction is counted and an even sample of them is kept weakly with its stack
 * ({@link ConstructionSamples}); at the end the samples whose objects the GC has not cleared are the
 * surviving ones, the class is restored, and what it cost is reported. Holds no Byte Buddy type itself.
 */
final class ConstructorSampler {
    static final String ENGINE = "bytebuddy constructor sampling";

    private ConstructorSampler() {
    }

    /** Null when the agent may retransform classes here, else why not. */
    static String unavailable(Instrumentation inst) {
        if (inst == null) {
            return "the agent was started without java.lang.instrument";
        }
        if (!inst.isRetransformClassesSupported()) {
            return "this JVM does not let the agent retransform classes";
        }
        return null;
    }

    /** The loaded classes named {@code className} whose constructors can be instrumented; {@code why} says why when there are none. */
    static List<Class<?>> instrumentable(Instrumentation inst, String className, StringBuilder why) {
        List<Class<?>> out = new ArrayList<Class<?>>();
        if (className.endsWith("[]")) {
            why.append(className).append(" is an array: arrays have no constructor to instrument (the newarray bytecodes make them)");
            return out;
        }
        List<String> reasons = new ArrayList<String>();
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (c.getName().equals(className)) {
                String no = whyNot(inst, c);
                if (no == null) {
                    out.add(c);
                } else {
                    reasons.add(no);
                }
            }
        }
        if (out.isEmpty()) {
            why.append(reasons.isEmpty() ? "no class named " + className + " is loaded in this JVM (yet)" : className + " " + String.join("; ", reasons));
        }
        return out;
    }

    /** Null when the constructors of {@code c} can be instrumented, else why not. */
    static String whyNot(Instrumentation inst, Class<?> c) {
        if (c.isInterface() || c.isPrimitive()) {
            return "is an interface or a primitive type: it has no constructor";
        }
        if (Modifier.isAbstract(c.getModifiers())) {
            return "is abstract: it has no instances of its own (ask for its concrete subclass)";
        }
        if (c.getClassLoader() == null) {
            return "is a JDK class of the bootstrap class loader, which cannot see the agent's recorder";
        }
        if (!inst.isModifiableClass(c)) {
            return "is a class the JVM does not let agents modify";
        }
        if (!seesRecorder(c.getClassLoader())) {
            return "is loaded by " + c.getClassLoader() + ", an isolated class loader that does not see the agent's classes on the system class path";
        }
        String module = namedModule(c);
        if (module != null) {
            return "is in the named module " + module + ", which does not read the agent's classes";
        }
        return null;
    }

    private static boolean seesRecorder(ClassLoader loader) {
        try {
            return Class.forName(ConstructionRecorder.class.getName(), false, loader) == ConstructionRecorder.class;
        } catch (Throwable t) {
            return false;
        }
    }

    /** The name of a class's named module (Java 9+; read reflectively, the agent is built for Java 8), or null. */
    private static String namedModule(Class<?> c) {
        try {
            Method getModule = Class.class.getMethod("getModule");
            Object m = getModule.invoke(c);
            Class<?> module = m.getClass();
            return (Boolean) module.getMethod("isNamed").invoke(m) ? (String) module.getMethod("getName").invoke(m) : null;
        } catch (Exception e) {
            // Java 8: no modules
            return null;
        }
    }

    /** Instruments {@code targets} for {@code millis} (less if {@code cancel} is set), restores them, and reports the surviving samples' sites. */
    static SiteReport sample(Instrumentation inst, String className, List<Class<?>> targets, long millis, AtomicBoolean cancel, String whyNotAsync)
            throws InterruptedException {
        Class<?>[] classes = targets.toArray(new Class<?>[0]);
        ConstructionSamples samples = new ConstructionSamples(classes, ConstructionSamples.CAPACITY);
        ConstructorInstrumentation instrumentation = new ConstructorInstrumentation(classes);
        long started = System.currentTimeMillis();
        long gcs = JvmInfo.gcCount();
        CpuMeter cpu = new CpuMeter();
        Map<String, Object> retransform = new LinkedHashMap<String, Object>();
        String failed;
        String undone;
        ConstructionRecorder.open(samples);
        try {
            long t0 = System.nanoTime();
            failed = instrumentation.apply(inst);
            retransform.put("onMillis", (System.nanoTime() - t0) / 1_000_000);
            if (failed == null) {
                SiteSampler.waitFor(millis, cancel);
            }
        } finally {
            ConstructionRecorder.close();
            long t0 = System.nanoTime();
            undone = instrumentation.undo(inst);
            retransform.put("offMillis", (System.nanoTime() - t0) / 1_000_000);
        }
        long elapsed = System.currentTimeMillis() - started;
        double cores = cpu.cores();
        gcs = JvmInfo.gcCount() - gcs;
        SiteReport report = new SiteReport(className, ENGINE, started, elapsed);
        List<ConstructionSamples.Survivor> survivors = samples.survivors();
        // one shallow size for all: instances of one class differ only when they are arrays, never instrumented
        long bytes = survivors.isEmpty() ? 0 : inst.getObjectSize(survivors.get(0).object);
        for (ConstructionSamples.Survivor s : survivors) {
            report.offer(className, s.frames, bytes, -1);
        }
        report.cost.put("cpuCoresWhileOn", cores);
        report.cost.put("constructionsSeen", samples.seen());
        report.cost.put("stacksCaptured", samples.captured());
        report.cost.put("samplesKept", samples.kept());
        report.cost.put("sampledOneIn", samples.every());
        report.cost.put("retransform", retransform);
        report.cost.put("instrumentationRemoved", undone == null);
        report.cost.put("gcsDuringWindow", gcs);
        StringBuilder note = new StringBuilder();
        note.append("async-profiler's live allocation sampling is unavailable (").append(whyNotAsync)
                .append("): the constructors of ").append(className).append(" were instrumented for the window, then restored");
        if (failed != null) {
            note.append("; instrumenting failed, nothing was sampled: ").append(failed);
        } else if (gcs == 0) {
            note.append("; no GC ran during the window, so every sampled object still counts as surviving");
        }
        if (undone != null) {
            note.append("; ").append(undone);
        }
        report.note = note.toString();
        return report;
    }
}
