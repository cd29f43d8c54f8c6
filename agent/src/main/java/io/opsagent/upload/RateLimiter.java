package io.opsagent.upload;

/**
 * Bytes per second for one upload thread: sleeps so that the bytes sent since the window started never
 * run ahead of the rate. The rate is read at each call, so a reload applies to the upload in flight;
 * time spent idle is not saved up for a burst.
 */
final class RateLimiter {
    interface Rate {
        /** Bytes per second; 0 = no limit. */
        long now();
    }

    private final Rate rate;
    private long windowStart = System.nanoTime();
    private long sent;
    private long lastRate = -1;

    RateLimiter(Rate rate) {
        this.rate = rate;
    }

    void acquire(int bytes) throws InterruptedException {
        long r = rate.now();
        // a new rate, or an idle spell (a retry's wait) that would otherwise be spent as a burst: start a new window
        if (r != lastRate || (r > 0 && System.nanoTime() - (windowStart + (long) (sent * 1e9 / r)) > 1_000_000_000L)) {
            lastRate = r;
            windowStart = System.nanoTime();
            sent = 0;
        }
        if (r <= 0) {
            return;
        }
        sent += bytes;
        long dueNanos = windowStart + (long) (sent * 1e9 / r);
        long wait = dueNanos - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
