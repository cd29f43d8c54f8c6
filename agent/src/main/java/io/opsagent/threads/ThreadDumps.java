package io.opsagent.threads;

import io.opsagent.diag.DiagnosticCommand;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Thread dumps as {@code GET /threads} and the {@code thread-dump} command serve them: the
 * {@code Thread.print -l} text that thread-dump analysers read, with a deadlock summary on top;
 * JSON; or the threads that used most CPU since the previous such request.
 */
public final class ThreadDumps {
    /** Larger answers than this many threads are not useful to a human and cost the host to build. */
    public static final int MAX_TOP = 1000;

    private final ThreadSnapshot snapshot = new ThreadSnapshot();
    private final ThreadCpuTracker cpu = new ThreadCpuTracker();

    /** The answer for a format ({@code jstack} or {@code json}) and an optional top count (null = all threads). */
    public Reply answer(boolean json, Integer top) throws HttpError {
        if (top != null && (top < 1 || top > MAX_TOP)) {
            throw HttpError.badRequest("top=" + top + " is out of range", "use top=N with N from 1 to " + MAX_TOP);
        }
        if (top != null) {
            return json ? Reply.json(200, topJson(top)) : Reply.text(200, topText(top));
        }
        return json ? Reply.json(200, allJson()) : Reply.text(200, jstack());
    }

    /** {@code Thread.print -l}, preceded by a summary of any deadlock so it is the first thing seen. */
    public String jstack() {
        String dump;
        try {
            dump = DiagnosticCommand.run("Thread.print", "-l");
        } catch (DiagnosticCommand.Unsupported e) {
            throw new HttpError(501, e.getMessage(), "ask for JSON instead (Accept: application/json), which any JVM can answer");
        }
        return deadlockSummary() + dump;
    }

    String deadlockSummary() {
        Set<Long> ids = snapshot.deadlocked();
        if (ids.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        sb.append("DEADLOCK: ").append(ids.size()).append(" threads are deadlocked (the details are in the \"Found ")
                .append("one Java-level deadlock\" section at the end of this dump)\n");
        for (ThreadInfo ti : snapshot.infos(toArray(ids))) {
            sb.append("  \"").append(ti.getThreadName()).append("\" #").append(ti.getThreadId())
                    .append(" (").append(ti.getThreadState()).append(") waits for ").append(ti.getLockName())
                    .append(" held by \"").append(ti.getLockOwnerName()).append("\" #").append(ti.getLockOwnerId()).append('\n');
        }
        return sb.append('\n').toString();
    }

    Map<String, Object> allJson() {
        Set<Long> deadlocked = snapshot.deadlocked();
        Map<Long, Boolean> daemons = ThreadSnapshot.daemonFlags();
        List<Map<String, Object>> threads = new ArrayList<Map<String, Object>>();
        for (ThreadInfo ti : snapshot.all(deadlocked)) {
            threads.add(snapshot.toMap(ti, daemons, deadlocked));
        }
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("time", System.currentTimeMillis());
        out.put("threadCount", threads.size());
        out.put("deadlockedCount", deadlocked.size());
        out.put("threads", threads);
        return out;
    }

    private ThreadCpuTracker.Ranking rank(int n) {
        if (!snapshot.mx().isThreadCpuTimeSupported()) {
            throw new HttpError(501, "this JVM cannot measure CPU time per thread", "ask for the full dump without top=");
        }
        if (!snapshot.mx().isThreadCpuTimeEnabled()) {
            throw new HttpError(501, "CPU time per thread is switched off in this JVM",
                    "the application disabled it (ThreadMXBean.setThreadCpuTimeEnabled); ask for the full dump without top=");
        }
        return cpu.top(snapshot.mx(), n);
    }

    Map<String, Object> topJson(int n) {
        ThreadCpuTracker.Ranking ranking = rank(n);
        Set<Long> deadlocked = snapshot.deadlocked();
        Map<Long, Boolean> daemons = ThreadSnapshot.daemonFlags();
        Map<Long, ThreadInfo> infos = byId(ranking);
        List<Map<String, Object>> threads = new ArrayList<Map<String, Object>>();
        for (ThreadCpuTracker.Usage u : ranking.top) {
            ThreadInfo ti = infos.get(u.id);
            if (ti != null) {
                Map<String, Object> m = snapshot.toMap(ti, daemons, deadlocked);
                m.put("cpuTimeNanos", u.cpuNanos);
                m.put("cpuNanosSincePrevious", u.cpuNanosSincePrevious);
                threads.add(m);
            }
        }
        Map<String, Object> out = new LinkedHashMap<String, Object>();
        out.put("time", System.currentTimeMillis());
        out.put("top", n);
        out.put("sinceMillis", ranking.sinceMillis == 0 ? null : ranking.sinceMillis);
        out.put("since", ranking.sinceMillis == 0 ? "thread start" : "previous call");
        out.put("threads", threads);
        return out;
    }

    String topText(int n) {
        ThreadCpuTracker.Ranking ranking = rank(n);
        Map<Long, Boolean> daemons = ThreadSnapshot.daemonFlags();
        Map<Long, ThreadInfo> infos = byId(ranking);
        StringBuilder sb = new StringBuilder(deadlockSummary());
        long window = ranking.sinceMillis == 0 ? 0 : System.currentTimeMillis() - ranking.sinceMillis;
        sb.append("Top ").append(n).append(" threads by CPU time since ")
                .append(window == 0 ? "each thread started (first call)" : "the previous call, " + window + " ms ago").append("\n\n");
        int rank = 1;
        for (ThreadCpuTracker.Usage u : ranking.top) {
            ThreadInfo ti = infos.get(u.id);
            if (ti == null) {
                continue;
            }
            sb.append(String.format("%d. %.1f ms CPU", rank++, u.cpuNanosSincePrevious / 1e6));
            if (window > 0) {
                sb.append(String.format(" (%.0f%% of one core)", 100.0 * u.cpuNanosSincePrevious / 1e6 / window));
            }
            sb.append('\n').append(ThreadSnapshot.text(ti, daemons)).append('\n');
        }
        return sb.toString();
    }

    private Map<Long, ThreadInfo> byId(ThreadCpuTracker.Ranking ranking) {
        long[] ids = new long[ranking.top.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ranking.top.get(i).id;
        }
        Map<Long, ThreadInfo> out = new LinkedHashMap<Long, ThreadInfo>();
        for (ThreadInfo ti : snapshot.infos(ids)) {
            out.put(ti.getThreadId(), ti);
        }
        return out;
    }

    private static long[] toArray(Set<Long> ids) {
        long[] out = new long[ids.size()];
        int i = 0;
        for (long id : ids) {
            out[i++] = id;
        }
        return out;
    }
}
