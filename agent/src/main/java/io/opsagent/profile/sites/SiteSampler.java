package io.opsagent.profile.sites;

import io.opsagent.jfr.Jfr;
import io.opsagent.jfr.JfrReader;
import io.opsagent.profile.NativeProfiler;
import io.opsagent.util.FilePerms;
import io.opsagent.util.JvmInfo;
import io.opsagent.util.RandomHex;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One bounded sampling of where live objects are allocated: async-profiler's allocation sampler with
 * {@code live} (JDK 11+: only objects still reachable when it stops are reported); where that cannot
 * run, the class's constructors instrumented for the window ({@link ConstructorSampler}); for a class
 * that cannot be instrumented, or when JFR is the chosen engine, JFR's {@code jdk.OldObjectSample}.
 * The first and last write a JFR file whose stacks carry line numbers.
 */
final class SiteSampler {
    static final String ASYNC = "async-profiler alloc,live";
    static final String JFR = "jfr jdk.OldObjectSample";

    private final Path dir;

    SiteSampler(Path dir) {
        this.dir = dir;
    }

    /**
     * Samples for {@code millis} (less if {@code cancel} is set) and reports the sites of {@code className}.
     * {@code inst} is null where constructors may not be instrumented (the user chose JFR).
     */
    SiteReport sample(String className, long millis, long intervalBytes, NativeProfiler profiler, String whyNotAsync, Instrumentation inst,
            AtomicBoolean cancel) throws Exception {
        if (profiler != null && JvmInfo.featureVersion() < 11) {
            // async-profiler's 'live' (only the objects still reachable) needs Java 11+
            profiler = null;
            whyNotAsync = "its 'live' option needs Java 11 or later";
        }
        if (profiler == null && inst != null) {
            StringBuilder cannot = new StringBuilder();
            String no = ConstructorSampler.unavailable(inst);
            List<Class<?>> targets = no == null ? ConstructorSampler.instrumentable(inst, className, cannot) : null;
            if (targets != null && !targets.isEmpty()) {
                return ConstructorSampler.sample(inst, className, targets, millis, cancel, whyNotAsync);
            }
            whyNotAsync = whyNotAsync + "; constructors cannot be instrumented: " + (no != null ? no : cannot);
            if (jfrUnavailable() != null) {
                SiteReport report = new SiteReport(className, ConstructorSampler.ENGINE, System.currentTimeMillis(), 0);
                report.note = "nothing sampled: async-profiler unavailable (" + whyNotAsync + "), and no JFR (" + jfrUnavailable() + ")";
                return report;
            }
        }
        Path file = dir.resolve("sites-" + RandomHex.of(6) + ".jfr");
        long started = System.currentTimeMillis();
        String engine = profiler != null ? ASYNC : JFR;
        CpuMeter cpu = new CpuMeter();
        try {
            if (profiler != null) {
                profiler.execute("start,event=alloc,alloc=" + intervalBytes + ",live,jfr,file=" + file.toAbsolutePath());
                try {
                    waitFor(millis, cancel);
                } finally {
                    profiler.execute("stop");
                }
            } else {
                jfrOldObjects(file, millis, cancel);
            }
            long elapsed = System.currentTimeMillis() - started;
            SiteReport report = new SiteReport(className, engine, started, elapsed);
            report.cost.put("cpuCoresWhileOn", cpu.cores());
            if (whyNotAsync != null) {
                report.note = "async-profiler unavailable (" + whyNotAsync + "): JFR's old-object sampler sees few small objects";
            }
            read(file, profiler != null, report);
            return report;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private void jfrOldObjects(Path file, long millis, AtomicBoolean cancel) throws Exception {
        String id = RandomHex.of(6);
        String name = "opsagent-sites-" + id;
        Path jfc = dir.resolve("sites-" + id + ".jfc");
        FilePerms.writePrivate(jfc, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\" label=\"opsagent sites\">\n"
                + "  <event name=\"jdk.OldObjectSample\"><setting name=\"enabled\">true</setting><setting name=\"stackTrace\">true</setting>"
                + "<setting name=\"cutoff\">0 ns</setting></event>\n</configuration>\n").getBytes(StandardCharsets.UTF_8));
        try {
            Jfr.start(name, "settings=" + jfc.toAbsolutePath());
            boolean stopped = false;
            try {
                waitFor(millis, cancel);
                Jfr.stop(name, file);
                stopped = true;
            } finally {
                if (!stopped) {
                    Jfr.stopQuietly(name);
                }
            }
        } finally {
            Files.deleteIfExists(jfc);
        }
    }

    private static void read(Path file, boolean async, final SiteReport report) throws IOException {
        final String typeField = async ? "objectClass" : "object.type";
        JfrReader.read(file, Collections.singleton(async ? "profiler.LiveObject" : "jdk.OldObjectSample"), new JfrReader.Visitor() {
            @Override
            public void event(JfrReader.Event e) throws IOException {
                long at = e.epochMillis("allocationTime");
                long seen = e.epochMillis("startTime");
                report.offer(String.valueOf(e.value(typeField)), e.stack(), e.number("allocationSize", 0), at < 0 || seen < 0 ? -1 : seen - at);
            }
        });
    }

    /** Sleeps in steps so a cleared verdict or a stopping agent ends the sampling early. */
    static void waitFor(long millis, AtomicBoolean cancel) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        for (long left = millis; left > 0 && !cancel.get(); left = end - System.currentTimeMillis()) {
            Thread.sleep(Math.min(left, 500));
        }
    }

    /** Null when JFR can sample here, else why not. */
    static String jfrUnavailable() {
        String why = Jfr.unavailable();
        return why != null ? why : JfrReader.unavailable();
    }
}
