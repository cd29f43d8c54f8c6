package io.opsagent.threads;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Threads as {@link ThreadMXBean} sees them, turned into plain maps for JSON and into jstack-like
 * text. Deadlocked threads come first, because they are what an operator opens a dump to find.
 */
final class ThreadSnapshot {
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();

    /** Ids of deadlocked threads, monitors and ownable synchronizers both where the JVM can tell. */
    Set<Long> deadlocked() {
        long[] ids = mx.isSynchronizerUsageSupported() ? mx.findDeadlockedThreads() : mx.findMonitorDeadlockedThreads();
        Set<Long> out = new LinkedHashSet<Long>();
        if (ids != null) {
            for (long id : ids) {
                out.add(id);
            }
        }
        return out;
    }

    List<ThreadInfo> infos(long[] ids) {
        ThreadInfo[] infos = mx.getThreadInfo(ids, mx.isObjectMonitorUsageSupported(), mx.isSynchronizerUsageSupported());
        List<ThreadInfo> out = new ArrayList<ThreadInfo>();
        for (ThreadInfo ti : infos) {
            if (ti != null) {
                out.add(ti);
            }
        }
        return out;
    }

    /** All threads, deadlocked ones first. */
    List<ThreadInfo> all(Set<Long> deadlocked) {
        List<ThreadInfo> first = new ArrayList<ThreadInfo>();
        List<ThreadInfo> rest = new ArrayList<ThreadInfo>();
        for (ThreadInfo ti : infos(mx.getAllThreadIds())) {
            (deadlocked.contains(ti.getThreadId()) ? first : rest).add(ti);
        }
        first.addAll(rest);
        return first;
    }

    long cpuNanos(long id) {
        return mx.isThreadCpuTimeSupported() && mx.isThreadCpuTimeEnabled() ? mx.getThreadCpuTime(id) : -1;
    }

    ThreadMXBean mx() {
        return mx;
    }

    /** One thread as the JSON answer shows it. */
    Map<String, Object> toMap(ThreadInfo ti, Map<Long, Boolean> daemons, Set<Long> deadlocked) {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("name", ti.getThreadName());
        m.put("id", ti.getThreadId());
        m.put("state", ti.getThreadState().name());
        m.put("daemon", daemons.get(ti.getThreadId()));
        m.put("cpuTimeNanos", cpuNanos(ti.getThreadId()));
        m.put("deadlocked", deadlocked.contains(ti.getThreadId()));
        m.put("lock", ti.getLockName());
        if (ti.getLockOwnerName() != null) {
            m.put("lockOwner", ti.getLockOwnerName());
            m.put("lockOwnerId", ti.getLockOwnerId());
        }
        List<String> stack = new ArrayList<String>();
        for (StackTraceElement e : ti.getStackTrace()) {
            stack.add(e.toString());
        }
        m.put("stack", stack);
        List<String> held = new ArrayList<String>();
        for (MonitorInfo mi : ti.getLockedMonitors()) {
            held.add(mi.toString());
        }
        for (LockInfo li : ti.getLockedSynchronizers()) {
            held.add(li.toString());
        }
        m.put("lockedMonitors", held);
        return m;
    }

    /** Whether each live thread is a daemon: {@code ThreadInfo.isDaemon()} is Java 9+, so ask the threads themselves. */
    static Map<Long, Boolean> daemonFlags() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n = root.enumerate(threads, true);
        Map<Long, Boolean> out = new HashMap<Long, Boolean>();
        for (int i = 0; i < n; i++) {
            out.put(threads[i].getId(), threads[i].isDaemon());
        }
        return out;
    }

    /** A jstack-like block: header line, stack frames and the locks held or wanted at each frame. */
    static String text(ThreadInfo ti, Map<Long, Boolean> daemons) {
        StringBuilder sb = new StringBuilder();
        sb.append('"').append(ti.getThreadName()).append("\" #").append(ti.getThreadId());
        if (Boolean.TRUE.equals(daemons.get(ti.getThreadId()))) {
            sb.append(" daemon");
        }
        sb.append("\n   java.lang.Thread.State: ").append(ti.getThreadState()).append('\n');
        StackTraceElement[] stack = ti.getStackTrace();
        for (int i = 0; i < stack.length; i++) {
            sb.append("\tat ").append(stack[i]).append('\n');
            if (i == 0 && ti.getLockName() != null) {
                sb.append("\t- ").append(ti.getThreadState() == Thread.State.BLOCKED ? "waiting to lock <" : "waiting on <")
                        .append(ti.getLockName()).append('>');
                if (ti.getLockOwnerName() != null) {
                    sb.append(" owned by \"").append(ti.getLockOwnerName()).append("\" #").append(ti.getLockOwnerId());
                }
                sb.append('\n');
            }
            for (MonitorInfo mi : ti.getLockedMonitors()) {
                if (mi.getLockedStackDepth() == i) {
                    sb.append("\t- locked <").append(mi).append(">\n");
                }
            }
        }
        return sb.toString();
    }
}
