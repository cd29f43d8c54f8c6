package io.opsagent.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.it.support.Jdks;
import io.opsagent.it.support.TargetJvm;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer against a real agent: {@code opsagent.fuzz.count} requests (10,000 by
 * default) from 16 clients, each case reproducible from {@code opsagent.fuzz.seed} and its index.
 * Afterwards: no 5xx but 503, no connection left hanging, and threads, connections, slots and CPU
 * back to idle with {@code /health/live} answering 200.
 */
class FuzzTest {
    static final long SEED = Long.getLong("opsagent.fuzz.seed", 20261130L);
    static final int COUNT = Integer.getInteger("opsagent.fuzz.count", 10_000);
    private static final int CLIENTS = 16;
    private static final int MAX_CONCURRENT = 4;
    /** Generous: a connection with nothing left to send must be answered or closed well before this. */
    private static final int HANG_MILLIS = 20_000;
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

    @Test
    void tenThousandMutatedRequestsLeaveTheAgentIdleAndHealthy() throws Exception {
        try (TargetJvm jvm = TargetJvm.demo(Jdks.current())
                .agentArgs("port=0,rate.limit=off,max.concurrent=" + MAX_CONCURRENT).start()) {
            URI u = URI.create(jvm.agentUrl());
            String token = jvm.token();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong slowest = new AtomicLong();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long start = System.currentTimeMillis();
            try {
                List<Future<?>> cases = new ArrayList<>();
                for (int i = 0; i < COUNT; i++) {
                    final int index = i;
                    cases.add(clients.submit(() -> runCase(u, token, index, statuses, failures, slowest)));
                }
                for (Future<?> f : cases) {
                    f.get();
                }
            } finally {
                clients.shutdownNow();
            }
            long took = System.currentTimeMillis() - start;
            Map<Integer, Long> sorted = new TreeMap<>();
            statuses.forEach((k, v) -> sorted.put(k, v.get()));
            System.out.println("FUZZ seed=" + SEED + " count=" + COUNT + " took=" + took + "ms slowest-case=" + slowest.get()
                    + "ms statuses=" + sorted + " failures=" + failures.size());
            assertTrue(failures.isEmpty(), failures.size() + " bad cases, first ones: " + failures.subList(0, Math.min(10, failures.size())));
            IdleState.assertIdle(jvm, MAX_CONCURRENT);
            assertEquals(200, jvm.anonymous().get("/health/live").status());
        }
    }

    private static void runCase(URI u, String token, int index, Map<Integer, AtomicLong> statuses, List<String> failures,
            AtomicLong slowest) {
        long seed = SEED * 1_000_003L + index;
        Random r = new Random(seed);
        byte[] request = RequestMutator.request(r, token);
        int mode = r.nextInt(1000);
        long t0 = System.currentTimeMillis();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 10_000);
            s.setSoTimeout(HANG_MILLIS);
            OutputStream out = s.getOutputStream();
            try {
                if (mode < 200) { // trickled in small pieces
                    for (int i = 0; i < request.length; ) {
                        int n = Math.min(request.length - i, 1 + r.nextInt(64));
                        out.write(request, i, n);
                        out.flush();
                        i += n;
                        if (r.nextInt(8) == 0) {
                            Thread.sleep(r.nextInt(3));
                        }
                    }
                } else {
                    out.write(request);
                }
                if (mode >= 997) {
                    s.setSoLinger(true, 0); // abort: a reset instead of a close, answer unread
                    return;
                }
                if (mode < 994) {
                    s.shutdownOutput(); // otherwise keep the write side open: the agent's deadline must end it
                }
            } catch (java.io.IOException refused) {
                // the agent may close early on a bad request; read what it answered
            }
            String answer = Wire.readAll(s.getInputStream());
            Matcher m = STATUS.matcher(answer);
            while (m.find()) {
                int status = Integer.parseInt(m.group(1));
                statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                if (status >= 500 && status != 503) {
                    failures.add("seed " + seed + " (case " + index + "): " + status + " for "
                            + new String(request, 0, Math.min(120, request.length), StandardCharsets.ISO_8859_1));
                }
            }
            if (answer.isEmpty()) {
                statuses.computeIfAbsent(0, k -> new AtomicLong()).incrementAndGet();
            }
        } catch (SocketTimeoutException e) {
            failures.add("seed " + seed + " (case " + index + "): no answer or close within " + HANG_MILLIS + " ms");
        } catch (Exception e) {
            if (!(e instanceof java.net.SocketException)) {
                failures.add("seed " + seed + " (case " + index + "): " + e);
            }
        } finally {
            if (mode < 994) {
                slowest.accumulateAndGet(System.currentTimeMillis() - t0, Math::max);
            }
        }
    }
}
