package io.opsagent.health.checks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/** Live threads: a count that only grows is a thread leak long before memory says so. */
final class ThreadsCheck implements Check {
    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        int live = t.getThreadCount();
        return Observation.of(live, live + " live threads (" + t.getDaemonThreadCount() + " daemon, peak " + t.getPeakThreadCount() + ")");
    }
}
