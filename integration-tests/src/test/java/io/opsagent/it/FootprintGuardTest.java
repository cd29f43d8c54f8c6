package io.opsagent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The footprint guard (issue 20): the classes the agent causes to load, counted as bench/footprint.sh
 * counts them (the Total of {@code jcmd VM.classloader_stats}, hidden classes included, after one
 * answered request, {@link #IDLE_SECONDS} idle and a full GC), may not rise more than 10% above the figure recorded
 * in bench/footprint-baseline.properties. Class counts are exact, so this does not flake the way a time
 * would. The full GC makes them independent of timing: the GC listener loads the JDK's GC-notification
 * classes (over 100) at the first GC, which without it might or might not fall in the idle time. A JDK
 * with no recorded figure is skipped. Nobody profiles here, so async-profiler's library
 * must not be mapped either.
 */
class FootprintGuardTest {
    static final Path BASELINE = Paths.get("../bench/footprint-baseline.properties");
    static final double ALLOWED_RISE = 0.10;
    /** As the benchmark: scheduled work (the dashboard sampler, the scheduler) runs once in this time. */
    static final int IDLE_SECONDS = 10;
    private static final Pattern TOTAL = Pattern.compile("(?m)^Total = \\d+\\s+(\\d+)\\s");

    @ParameterizedTest
    @MethodSource("io.opsagent.it.support.Jdks#each")
    void classesTheAgentLoadsStayWithinTenPercentOfTheRecordedFigure(Jdks.Jdk jdk) throws Exception {
        Properties recorded = baseline();
        String key = "jdk" + jdk.feature() + ".classes.after.gc.";
        Assumptions.assumeTrue(recorded.containsKey(key + "agent"), "no recorded figure for " + jdk + " in " + BASELINE);
        int recordedAdded = Integer.parseInt(recorded.getProperty(key + "agent")) - Integer.parseInt(recorded.getProperty(key + "none"));
        String[] flags = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"};
        try (TargetJvm without = TargetJvm.demo(jdk).jvmArgs(flags).start();
             TargetJvm with = TargetJvm.demo(jdk).agentArgs("port=0").jvmArgs(flags).start()) {
            assertTrue(without.demo("/status").length() > 0, "the demo answers");
            assertEquals(200, with.agent().get("/health").status(), "one answered request to the agent");
            TargetJvm.sleep(IDLE_SECONDS * 1000L);
            for (TargetJvm jvm : new TargetJvm[] {without, with}) {
                jvm.tool("jcmd", Long.toString(jvm.pid()), "GC.run");
            }
            TargetJvm.sleep(1000); // the GC notification is handled on its own thread
            int none = loadedClasses(without);
            int agent = loadedClasses(with);
            String maps = new String(Files.readAllBytes(Paths.get("/proc/" + with.pid() + "/maps")));
            assertFalse(maps.contains("asyncProfiler"), "async-profiler's library is mapped while nobody profiles");
            int added = agent - none;
            int limit = (int) Math.floor(recordedAdded * (1 + ALLOWED_RISE));
            System.out.println("footprint guard, " + jdk + ": " + key + "none=" + none + ", " + key + "agent=" + agent + " (adds " + added
                    + "; recorded " + recordedAdded + ", limit " + limit + ")");
            assertTrue(added <= limit, "on " + jdk + " the agent adds " + added + " loaded classes (" + agent + " against " + none
                    + " without it); recorded " + recordedAdded + ", at most " + limit + " allowed. Load what a feature needs on first use,"
                    + " or, if the rise is wanted, re-measure with bench/footprint.sh and update " + BASELINE.getFileName());
        }
    }

    /** The Total line of {@code jcmd VM.classloader_stats}: every class loader's classes, hidden ones included. */
    static int loadedClasses(TargetJvm jvm) {
        String stats = jvm.tool("jcmd", Long.toString(jvm.pid()), "VM.classloader_stats");
        Matcher m = TOTAL.matcher(stats);
        assertTrue(m.find(), "no Total line in VM.classloader_stats:\n" + stats);
        return Integer.parseInt(m.group(1));
    }

    static Properties baseline() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(BASELINE)) {
            p.load(r);
        }
        return p;
    }
}
