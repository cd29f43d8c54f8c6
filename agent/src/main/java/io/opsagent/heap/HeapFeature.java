package io.opsagent.heap;

import io.opsagent.config.Keys;
import io.opsagent.core.AgentContext;
import io.opsagent.core.Feature;
import io.opsagent.core.Scope;
import io.opsagent.http.Role;
import io.opsagent.metrics.MetricsRegistry;
import io.opsagent.metrics.PrometheusWriter;
import io.opsagent.http.Route;
import io.opsagent.util.DaemonThreads;
import io.opsagent.util.FilePerms;
import io.opsagent.util.Log;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Heap dumps: streamed on demand ({@code GET /heapdump}), stored and resumable ({@code /heapdumps}),
 * and taken automatically right after a GC that leaves the old generation above a threshold.
 */
public final class HeapFeature implements Feature {
    private static final String GROUP = "heapdumps";
    private static final long STOP_WAIT_MILLIS = 5000;

    @Override
    public void start(AgentContext c) throws Exception {
        Scope scope = c.scope();
        String configured = c.config().get().get(Keys.HEAPDUMP_DIR);
        Path dir = FilePerms.privateDir(configured != null ? Paths.get(configured).toAbsolutePath() : c.dataDir().resolve("heapdumps"));
        HotSpotDumper dumper = HotSpotDumper.find();
        if (dumper.unavailable() != null) {
            Log.info(dumper.unavailable() + "; the heap dump endpoints answer 501");
        }
        DumpWriter writer = new DumpWriter(dumper, dir, c.config());
        writer.removeLeftovers();
        final DumpStore store = new DumpStore(dir);
        // one thread at most, and none while idle: dumps are rare
        // a dump in progress cannot be interrupted (it is one JVM operation): stop waits briefly so it leaves no thread behind
        ExecutorService worker = scope.executor(new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<Runnable>(),
                DaemonThreads.named("heapdump")), STOP_WAIT_MILLIS);
        HeapDumps dumps = new HeapDumps(writer, store, new DumpSlot(c.readiness()), worker, c.config(), c.audit());
        final DumpUploads uploads = new DumpUploads(new io.opsagent.upload.Uploads(c.config(), dir, c.audit()));
        // never waits: an upload in flight resumes at the next start
        scope.onClose(uploads::stop);
        dumps.uploadWith(uploads);
        AutoDumpTrigger trigger = new AutoDumpTrigger(c.config(), dumps, worker);
        AfterGcRequests afterGc = new AfterGcRequests(trigger, dumps, c.scheduler());
        scope.onClose(afterGc::cancelExpiry);
        HeapEndpoints e = new HeapEndpoints(dumps, c.router(), afterGc, trigger.rule(), uploads);
        final List<Path> previous = store.storedFiles();
        if (!previous.isEmpty()) {
            // hashing large files takes a while; an empty folder must not even start the worker thread
            worker.execute(new Runnable() {
                @Override
                public void run() {
                    store.index(previous);
                    for (StoredDump d : store.all()) {
                        uploads.indexed(d);
                    }
                }
            });
        }
        // only the listing may be opened by public=heapdumps: a dump holds every secret in the heap
        scope.route(Route.get("/heapdump", Role.OPERATOR, null, e::streamed).needsDump());
        scope.route(Route.post("/heapdumps", Role.OPERATOR, null, e::create).needsDump());
        scope.route(Route.get("/heapdumps", Role.MONITOR, GROUP, e::list));
        scope.route(Route.get("/heapdumps/{id}", Role.OPERATOR, null, e::download).needsDump());
        scope.route(Route.delete("/heapdumps/{id}", Role.OPERATOR, null, e::delete));
        scope.route(Route.post("/heapdumps/{id}/upload", Role.OPERATOR, null, e::upload).needsDump());
        scope.gcSubscriber(trigger);
        scope.metrics(metricsOf(store, trigger.rule()));
    }

    private static MetricsRegistry.Source metricsOf(final DumpStore store, final ThresholdRule rule) {
        return new MetricsRegistry.Source() {
            @Override
            public void write(PrometheusWriter w) {
                long count = 0;
                long bytes = 0;
                for (StoredDump d : store.all()) {
                    if (d.status() == DumpStatus.READY) {
                        count++;
                        bytes += d.size();
                    }
                }
                w.gauge("opsagent_heapdumps_stored", "Stored heap dumps", count);
                w.gauge("opsagent_heapdumps_stored_bytes", "Bytes of stored heap dumps", bytes);
                w.counter("opsagent_heapdumps_automatic_total", "Automatic heap dumps taken by the threshold rule", rule.taken());
            }
        };
    }
}
