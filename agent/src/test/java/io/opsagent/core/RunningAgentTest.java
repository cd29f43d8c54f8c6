package io.opsagent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opsagent.config.ConfigSources;
import io.opsagent.http.Reply;
import io.opsagent.http.Role;
import io.opsagent.http.Route;
import io.opsagent.util.DaemonThreads;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Features register through their scope; the agent undoes each scope, also that of a feature that failed half-way. */
class RunningAgentTest {
    @TempDir
    Path dir;

    private ConfigSources sources() throws Exception {
        return ConfigSources.fromProcess("port=0,data.dir=" + dir.resolve("data"));
    }

    /** Registers one of everything a scope knows, then throws: the agent must run on without any of it. */
    private static final class HalfStarted implements Feature {
        final AtomicInteger validated = new AtomicInteger();
        final AtomicInteger reloads = new AtomicInteger();
        final AtomicInteger gcs = new AtomicInteger();
        final CountDownLatch workerRunning = new CountDownLatch(1);
        ExecutorService worker;
        ScheduledFuture<?> tick;

        @Override
        public void start(AgentContext c) throws Exception {
            Scope s = c.scope();
            s.route(Route.get("/half", Role.MONITOR, "info", r -> Reply.text(200, "half")));
            s.metrics(w -> w.gauge("half_started_gauge", "a metric of a feature that failed", 1));
            s.validator(candidate -> validated.incrementAndGet());
            s.onReload((now, before) -> reloads.incrementAndGet());
            s.gcSubscriber(e -> gcs.incrementAndGet());
            tick = s.every(() -> { }, 1, 1, TimeUnit.HOURS);
            worker = s.executor(Executors.newSingleThreadExecutor(DaemonThreads.named("half-worker")), 2000);
            worker.execute(() -> {
                workerRunning.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            workerRunning.await(5, TimeUnit.SECONDS);
            throw new IllegalStateException("failing half-way on purpose");
        }
    }

    /** Starts the GC events (as GcFeature does) and counts what a healthy subscriber sees. */
    private static final class Healthy implements Feature {
        final AtomicInteger gcs = new AtomicInteger();

        @Override
        public void start(AgentContext c) {
            c.gcEvents().start();
            c.scope().onClose(c.gcEvents()::stop);
            c.scope().gcSubscriber(e -> gcs.incrementAndGet());
            c.scope().route(Route.get("/healthy", Role.MONITOR, "health", r -> Reply.text(200, "ok")));
        }
    }

    @Test
    void aFeatureThatThrowsAfterRegisteringLeavesNothingBehind() throws Exception {
        Healthy healthy = new Healthy();
        HalfStarted half = new HalfStarted();
        RunningAgent agent = RunningAgent.start(sources(), null, "test", Arrays.<Feature>asList(healthy, half));
        try {
            AgentContext ctx = agent.context();
            List<String> patterns = new ArrayList<String>();
            for (Route r : ctx.router().routes()) {
                patterns.add(r.pattern());
            }
            assertEquals(Collections.singletonList("/healthy"), patterns, "only the healthy feature's route stays");
            assertFalse(ctx.metrics().scrape().contains("half_started_gauge"), ctx.metrics().scrape());
            assertTrue(half.tick.isCancelled(), "its scheduled task is cancelled");
            assertTrue(half.worker.awaitTermination(5, TimeUnit.SECONDS), "its thread is interrupted and gone");

            int validatedAtStart = half.validated.get();
            assertEquals(1, validatedAtStart, "the validator ran once, on the configuration in force");
            agent.reconfigure(Collections.singletonMap("rate.limit", "7/s"));
            assertEquals(7.0, ctx.config().get().get(io.opsagent.config.Keys.RATE_LIMIT), 1e-9, "the reload took effect");
            assertEquals(validatedAtStart, half.validated.get(), "its validator is gone");
            assertEquals(0, half.reloads.get(), "its reload listener is gone");

            System.gc();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (healthy.gcs.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(healthy.gcs.get() > 0, "the healthy subscriber saw the collection");
            assertEquals(0, half.gcs.get(), "its GC subscriber is gone");
            String token = token(agent);
            assertEquals(200, get(agent.url() + "/healthy", token));
            assertEquals(404, get(agent.url() + "/half", token));
        } finally {
            agent.stop();
        }
    }

    @Test
    void featuresStopInReverseOrderAndOneFailingStopDoesNotStopTheOthers() throws Exception {
        final List<String> stopped = Collections.synchronizedList(new ArrayList<String>());
        List<Feature> features = new ArrayList<Feature>();
        for (final String name : Arrays.asList("a", "b", "c")) {
            features.add(c -> {
                c.scope().onClose(() -> stopped.add(name));
                if (name.equals("b")) {
                    c.scope().onClose(() -> {
                        throw new IllegalStateException("b fails to stop, on purpose");
                    });
                }
            });
        }
        RunningAgent agent = RunningAgent.start(sources(), null, "test", features);
        String url = agent.url();
        assertEquals(404, get(url + "/nothing-here", token(agent)), "the server answers until stop");
        agent.stop();
        assertEquals(Arrays.asList("c", "b", "a"), stopped);
        assertNull(System.getProperty(io.opsagent.discovery.DiscoveryFile.URL_PROPERTY));
        assertRefused(url);
    }

    private static String token(RunningAgent agent) throws IOException {
        return new String(Files.readAllBytes(agent.tokenFile()), StandardCharsets.UTF_8).trim();
    }

    private static int get(String url, String token) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestProperty("Authorization", "Bearer " + token);
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private static void assertRefused(String url) {
        try {
            get(url + "/nothing-here", "none");
        } catch (ConnectException expected) {
            return;
        } catch (IOException e) {
            throw new AssertionError("expected the connection to be refused", e);
        }
        throw new AssertionError("the port still answers after stop: " + url);
    }
}
