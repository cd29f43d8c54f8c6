package io.opsagent.heap;

import io.opsagent.config.AgentConfig;
import io.opsagent.config.Keys;
import io.opsagent.config.LiveConfig;
import io.opsagent.gc.GcEvent;
import io.opsagent.gc.GcEvents;
import io.opsagent.util.Log;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Listens to collections for the two dumps that happen "right after a GC": the threshold rule's
 * automatic dump and a requested {@code when=after-next-gc} dump. It runs on the JVM's notification
 * thread, so it only compares numbers and hands the dump to the feature's own thread.
 */
final class AutoDumpTrigger implements GcEvents.Subscriber {
    private final LiveConfig config;
    private final HeapDumps dumps;
    private final ExecutorService worker;
    private final ThresholdRule rule = new ThresholdRule();
    private final AtomicReference<Runnable> afterNextGc = new AtomicReference<Runnable>();

    AutoDumpTrigger(LiveConfig config, HeapDumps dumps, ExecutorService worker) {
        this.config = config;
        this.dumps = dumps;
        this.worker = worker;
    }

    ThresholdRule rule() {
        return rule;
    }

    /** Runs {@code dump} on the worker right after the next collection; false if one is already waiting. */
    boolean afterNextGc(Runnable dump) {
        return afterNextGc.compareAndSet(null, dump);
    }

    /** Withdraws a waiting dump (it expired); true if it was still waiting. */
    boolean cancel(Runnable dump) {
        return afterNextGc.compareAndSet(dump, null);
    }

    @Override
    public void collected(GcEvent e) {
        Runnable waiting = afterNextGc.getAndSet(null);
        if (waiting != null) {
            hand(waiting);
        }
        AgentConfig c = config.get();
        Double threshold = c.get(Keys.HEAPDUMP_AUTO_THRESHOLD);
        if (threshold == null) {
            return;
        }
        final Double occupancy = OldGenPools.occupancyAfterAny(e);
        if (occupancy == null) {
            return;
        }
        boolean cleaning = OldGenPools.cleansOldGen(e);
        ThresholdRule.Sustain sustain = new ThresholdRule.Sustain(c.get(Keys.HEAPDUMP_AUTO_SUSTAIN), c.get(Keys.HEAPDUMP_AUTO_SUSTAIN_COLLECTIONS));
        if (rule.offer(occupancy, cleaning, threshold, sustain, c.get(Keys.HEAPDUMP_AUTO_COOLDOWN), c.get(Keys.HEAPDUMP_AUTO_MAX),
                e.endMillis)) {
            Log.info("old generation at " + HeapDumps.pct(occupancy) + " after " + e.collector + " (threshold "
                    + HeapDumps.pct(threshold) + (cleaning ? "" : ", held after every collection for " + io.opsagent.config.Values.formatDuration(sustain.millis))
                    + "): taking an automatic heap dump");
            hand(new Runnable() {
                @Override
                public void run() {
                    if (!dumps.automatic(occupancy)) {
                        rule.missed();
                    }
                }
            });
        }
    }

    private void hand(Runnable r) {
        try {
            worker.execute(r);
        } catch (RejectedExecutionException ex) {
            Log.debug("GC-triggered dump dropped: the agent is stopping");
        }
    }
}
