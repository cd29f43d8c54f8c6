package io.opsagent.heap;

import io.opsagent.http.HttpError;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code when=after-next-gc}: the dump waits, holding the dump slot, for the next collection, then
 * is written at once by the worker. A JVM that never collects would hold the slot for ever, so the
 * wait ends after {@link #MAX_WAIT_MILLIS} with the dump marked failed.
 */
final class AfterGcRequests {
    static final long MAX_WAIT_MILLIS = 10 * 60 * 1000L;

    private final AutoDumpTrigger trigger;
    private final HeapDumps dumps;
    private final ScheduledExecutorService scheduler;
    private volatile ScheduledFuture<?> expiry;

    AfterGcRequests(AutoDumpTrigger trigger, HeapDumps dumps, ScheduledExecutorService scheduler) {
        this.trigger = trigger;
        this.dumps = dumps;
        this.scheduler = scheduler;
    }

    void await(final StoredDump d, final DumpSlot.Held held) {
        final Runnable dump = new Runnable() {
            @Override
            public void run() {
                cancelExpiry();
                dumps.write(d, held);
            }
        };
        if (!trigger.afterNextGc(dump)) {
            throw new HttpError(429, "a dump already waits for the next GC", "retry once it has been taken");
        }
        expiry = scheduler.schedule(new Runnable() {
            @Override
            public void run() {
                if (trigger.cancel(dump)) {
                    d.failed("no garbage collection happened within " + MAX_WAIT_MILLIS / 60000 + " minutes");
                    held.close();
                }
            }
        }, MAX_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    void cancelExpiry() {
        ScheduledFuture<?> f = expiry;
        if (f != null) {
            f.cancel(false);
        }
    }
}
