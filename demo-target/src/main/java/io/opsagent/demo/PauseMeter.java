package io.opsagent.demo;

/**
 * Sleeps 1 ms in a loop and records the longest gap between wake-ups: what the application felt of
 * a stop-the-world pause (a heap dump, a full GC). Reported at {@code GET /pause}.
 */
final class PauseMeter {
    private static volatile long longestNanos;

    private PauseMeter() {
    }

    static void start() {
        Thread t = new Thread(() -> {
            long last = System.nanoTime();
            while (true) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                longestNanos = Math.max(longestNanos, now - last);
                last = now;
            }
        }, "demo-pause-meter");
        t.setDaemon(true);
        t.start();
    }

    static double longestMillis() {
        return longestNanos / 1e6;
    }

    static void reset() {
        longestNanos = 0;
    }
}
