package io.opsagent.http;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address: {@code rate} requests per second on average, bursts up to one
 * second's worth. The table is bounded (least recently seen clients are forgotten first), so a scan
 * from many addresses cannot grow the agent's memory.
 */
public final class RateLimiter {
    private static final int MAX_CLIENTS = 1024;

    private final Map<String, double[]> buckets = new LinkedHashMap<String, double[]>(64, 0.75f, true);
    private volatile double ratePerSecond;

    public RateLimiter(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }

    public void setRate(double ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }

    /** Takes one token for the client; returns 0 if allowed, else the seconds to wait (at least 1). */
    public synchronized long acquire(String client, long nowNanos) {
        double rate = ratePerSecond;
        double burst = Math.max(1.0, rate);
        double[] b = buckets.get(client);
        if (b == null) {
            if (buckets.size() >= MAX_CLIENTS) {
                Iterator<String> eldest = buckets.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
            b = new double[] {burst, nowNanos};
            buckets.put(client, b);
        }
        double elapsed = (nowNanos - b[1]) / 1e9;
        b[0] = Math.min(burst, b[0] + Math.max(0, elapsed) * rate);
        b[1] = nowNanos;
        if (b[0] >= 1.0) {
            b[0] -= 1.0;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1.0 - b[0]) / rate));
    }
}
