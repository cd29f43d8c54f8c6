package io.opsagent.gc;

import java.util.Collections;
import java.util.Map;

/** One GC notification, as the JVM reported it: which collector, why, how long, and each pool before and after. */
public final class GcEvent {
    /** Pool usage in bytes: used and max (max -1 when undefined). */
    public static final class Pool {
        public final long usedBefore;
        public final long usedAfter;
        public final long max;

        public Pool(long usedBefore, long usedAfter, long max) {
            this.usedBefore = usedBefore;
            this.usedAfter = usedAfter;
            this.max = max;
        }
    }

    public final long id;
    public final String collector;
    public final String action;
    public final String cause;
    /** Wall-clock time the collection ended, in epoch milliseconds. */
    public final long endMillis;
    public final long durationMillis;
    public final Map<String, Pool> pools;

    public GcEvent(long id, String collector, String action, String cause, long endMillis, long durationMillis, Map<String, Pool> pools) {
        this.id = id;
        this.collector = collector;
        this.action = action;
        this.cause = cause;
        this.endMillis = endMillis;
        this.durationMillis = durationMillis;
        this.pools = Collections.unmodifiableMap(pools);
    }
}
