package io.opsagent.it.support;

import static org.junit.jupiter.api.Assertions.assertAll;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.function.Executable;

/** Runs slow checks (each with its own target JVM) side by side and reports every failure, not just the first. */
public final class SideBySide {
    /** One check on one item; may throw anything. */
    public interface Check<T> {
        void run(T item) throws Exception;
    }

    private SideBySide() {
    }

    /**
     * Each item on its own thread, the i-th started {@code i × staggerMillis} after the first (many JVMs
     * starting at once on a loaded 2-core machine miss TargetJvm's start limit); each must end within
     * {@code timeoutSeconds}.
     */
    public static <T> void runAll(List<T> items, long staggerMillis, int timeoutSeconds, Check<T> check) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(items.size());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                T item = items.get(i);
                long delay = i * staggerMillis;
                futures.add(pool.submit((Callable<Void>) () -> {
                    TargetJvm.sleep(delay);
                    check.run(item);
                    return null;
                }));
            }
            List<Executable> results = new ArrayList<>();
            for (Future<?> f : futures) {
                results.add(() -> {
                    try {
                        f.get(timeoutSeconds, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw e.getCause();
                    }
                });
            }
            assertAll(results);
        } finally {
            pool.shutdownNow();
        }
    }
}
