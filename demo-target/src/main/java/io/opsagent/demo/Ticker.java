package io.opsagent.demo;

/** Runs a step at a steady rate on a daemon thread until stopped: the engine of the allocation scenarios. */
final class Ticker {
    private final Thread thread;
    private volatile boolean running = true;

    Ticker(String name, final long periodMillis, final Runnable step) {
        thread = new Thread(() -> {
            long next = System.nanoTime();
            while (running) {
                step.run();
                next += periodMillis * 1_000_000L;
                long sleep = (next - System.nanoTime()) / 1_000_000L;
                if (sleep > 0) {
                    try {
                        Thread.sleep(sleep);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
    }
}
