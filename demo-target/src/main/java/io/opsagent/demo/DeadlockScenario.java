package io.opsagent.demo;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Two threads, {@code demo-deadlock-a} and {@code demo-deadlock-b}, each holding the lock the other wants. */
final class DeadlockScenario implements Scenario {
    static final Object LOCK_A = new Object();
    static final Object LOCK_B = new Object();

    @Override
    public String start(Map<String, String> p) {
        CountDownLatch both = new CountDownLatch(2);
        start("demo-deadlock-a", LOCK_A, LOCK_B, both);
        start("demo-deadlock-b", LOCK_B, LOCK_A, both);
        return "threads demo-deadlock-a and demo-deadlock-b are deadlocking";
    }

    private static void start(String name, Object first, Object second, CountDownLatch both) {
        Thread t = new Thread(() -> {
            synchronized (first) {
                both.countDown();
                try {
                    both.await();
                } catch (InterruptedException e) {
                    return;
                }
                synchronized (second) {
                    System.out.println("unreachable");
                }
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void stop() {
        // a deadlock cannot be undone; the threads are daemons and end with the JVM
    }
}
