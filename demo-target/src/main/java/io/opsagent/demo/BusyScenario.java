package io.opsagent.demo;

import java.util.Map;

/** One thread, {@code demo-busy}, burning CPU: what {@code /threads?top=N} should rank first. */
final class BusyScenario implements Scenario {
    static volatile long sink;
    private volatile boolean running = true;

    @Override
    public String start(Map<String, String> p) {
        Thread t = new Thread(() -> {
            long x = 0;
            while (running) {
                x += System.nanoTime() % 7;
                sink = x;
            }
        }, "demo-busy");
        t.setDaemon(true);
        t.start();
        return "thread demo-busy is spinning";
    }

    @Override
    public void stop() {
        running = false;
    }
}
