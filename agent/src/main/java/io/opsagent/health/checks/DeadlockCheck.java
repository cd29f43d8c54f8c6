package io.opsagent.health.checks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/** Threads deadlocked on monitors or ownable synchronizers; any at all fails by default. */
public final class DeadlockCheck implements Check {
    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) {
        return now();
    }

    /** The measurement itself, also used by {@code /health/live}, which needs no configuration. */
    public static Observation now() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null || ids.length == 0) {
            return Observation.of(0, "no deadlocked threads");
        }
        List<String> names = new ArrayList<String>();
        for (ThreadInfo ti : threads.getThreadInfo(ids)) {
            if (ti != null) {
                names.add(ti.getThreadName());
            }
        }
        return Observation.of(ids.length, "deadlocked threads: " + String.join(", ", names));
    }
}
