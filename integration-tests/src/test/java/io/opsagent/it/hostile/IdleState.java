package io.opsagent.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.RawHttp;
import io.opsagent.it.support.TargetJvm;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What "back to idle" means for the agent inside a target JVM, read from outside: its HTTP threads,
 * the TCP connections it holds open, its worker slots, and the process's CPU. Bounds are generous; the
 * point is that a leak or a spin never comes back down.
 */
final class IdleState {
    /** Long enough for idle workers (5 s), lingering closes (2 s) and request deadlines (10 s) to run out. */
    static final int SETTLE_SECONDS = 30;

    private IdleState() {
    }

    /** Waits until no connection is held, no worker thread is left but the one answering, and CPU is quiet; then checks slots. */
    static void assertIdle(TargetJvm jvm, int maxConcurrent) throws Exception {
        int port = URI.create(jvm.agentUrl()).getPort();
        long end = System.currentTimeMillis() + SETTLE_SECONDS * 1000L;
        int sockets;
        int workers;
        do {
            sockets = heldConnections(jvm.pid(), port);
            workers = httpWorkerThreads(jvm);
            if (sockets == 0 && workers <= 1) {
                break;
            }
            TargetJvm.sleep(1000);
        } while (System.currentTimeMillis() < end);
        assertEquals(0, sockets, "TCP connections the agent still holds on port " + port);
        assertTrue(workers <= 1, "HTTP worker threads still alive besides the one serving /threads: " + workers);
        double cores = cpuCores(jvm.pid(), 3000);
        assertTrue(cores < 0.5, "the JVM is not back to idle CPU: " + cores + " cores busy over 3 s");
        assertAllSlotsFree(jvm, maxConcurrent);
        assertEquals(200, status(get(jvm, "/health/live")), "/health/live answers");
    }

    /** max.concurrent requests at once must all be served: no slot is held by a dead exchange. */
    static void assertAllSlotsFree(TargetJvm jvm, int maxConcurrent) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(maxConcurrent);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < maxConcurrent; i++) {
                answers.add(pool.submit(() -> status(get(jvm, "/info"))));
            }
            for (Future<Integer> f : answers) {
                assertEquals(200, f.get(), "every slot serves");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One request on a connection of its own that closes after the answer: a pooling client would keep
     * connections open and blur the count of connections the agent holds.
     */
    static String get(TargetJvm jvm, String path) throws IOException {
        URI u = URI.create(jvm.agentUrl());
        return RawHttp.exchange(u.getHost(), u.getPort(), "GET " + path + " HTTP/1.1\r\nHost: " + u.getHost() + ":" + u.getPort()
                + "\r\nAuthorization: Bearer " + jvm.token() + "\r\nConnection: close\r\n\r\n");
    }

    /** The status code of a raw answer, or -1 when there was none. */
    static int status(String answer) {
        return answer.startsWith("HTTP/1.") && answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : -1;
    }

    /** Threads named opsagent-http-N / opsagent-http-probe-N / opsagent-https-N, from the agent's own dump. */
    static int httpWorkerThreads(TargetJvm jvm) throws IOException {
        String dump = get(jvm, "/threads");
        int n = 0;
        for (String line : dump.split("\n")) {
            if (line.startsWith("\"opsagent-http") && !line.startsWith("\"opsagent-http-listener")) {
                n++;
            }
        }
        return n;
    }

    /** Server-side sockets of the agent's port that are ESTABLISHED or CLOSE_WAIT (held by the process). */
    static int heldConnections(long pid, int port) throws IOException {
        int n = 0;
        for (String table : new String[] {"tcp", "tcp6"}) {
            Path p = Path.of("/proc/" + pid + "/net/" + table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                if (local == port && (f[3].equals("01") || f[3].equals("08"))) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Average cores the process used over the window, from /proc/<pid>/stat (Linux). */
    static double cpuCores(long pid, long windowMillis) throws IOException {
        long before = cpuTicks(pid);
        long t0 = System.nanoTime();
        TargetJvm.sleep(windowMillis);
        long after = cpuTicks(pid);
        double seconds = (System.nanoTime() - t0) / 1e9;
        return (after - before) / 100.0 / seconds; // USER_HZ is 100 on Linux
    }

    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
    }
}
