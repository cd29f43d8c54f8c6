package io.opsagent.it.hostile;

import io.opsagent.it.support.RawHttp;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Probes {@code /health/live} every 0.5 s from a client of its own, as a load balancer would, and
 * records each probe's status and latency (a fresh connection each time).
 */
final class HealthProber implements AutoCloseable {
    private final URI agent;
    private final List<long[]> probes = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    HealthProber(URI agent) {
        this.agent = agent;
        this.thread = new Thread(this::loop, "health-prober");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            long t0 = System.nanoTime();
            int status;
            try {
                String a = RawHttp.exchange(agent.getHost(), agent.getPort(),
                        "GET /health/live HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n");
                status = IdleState.status(a);
            } catch (Exception e) {
                status = -1;
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            synchronized (probes) {
                probes.add(new long[] {status, millis});
            }
            long wait = 500 - millis;
            if (wait > 0) {
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    int count() {
        synchronized (probes) {
            return probes.size();
        }
    }

    /** Probes answered 200 within the given time. */
    int okWithin(long millis) {
        synchronized (probes) {
            return (int) probes.stream().filter(p -> p[0] == 200 && p[1] <= millis).count();
        }
    }

    long slowestMillis() {
        synchronized (probes) {
            return probes.stream().mapToLong(p -> p[1]).max().orElse(0);
        }
    }

    String summary() {
        int n = count();
        return String.format("probes=%d ok<=1s=%d (%.1f%%) ok<=5s=%d slowest=%dms", n, okWithin(1000),
                n == 0 ? 0.0 : 100.0 * okWithin(1000) / n, okWithin(5000), slowestMillis());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(10_000);
    }
}
