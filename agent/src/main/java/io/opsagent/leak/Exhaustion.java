package io.opsagent.leak;

import java.util.Locale;

/**
 * Near exhaustion the slope lies: the JVM collects back to back, the application (and its leak)
 * nearly stops, and recent floors go flat. So occupancy of the limit after recent collections, and
 * the share of time spent collecting, override it: the report says the heap is close to exhaustion,
 * and a raised verdict is held while that lasts. Pure.
 */
final class Exhaustion {
    /** The newest floor at or above this share of the old pool's max: the old generation is nearly full of live data. */
    static final double FULL_SHARE = 0.85;
    /** Once near, it stays near until the newest floor is below this share (hysteresis). */
    static final double STAY_SHARE = 0.80;
    /** The JVM spent at least this share of the last minute collecting. */
    static final double GC_SHARE = 0.5;
    /** A floor older than this says nothing about now. */
    static final long RECENT_MILLIS = 60_000;

    private Exhaustion() {
    }

    /**
     * Why the heap is close to exhaustion, or null when it is not.
     *
     * @param gcShare share of wall time spent in GC over about the last minute, negative when unknown
     */
    static String check(long lastFloorTime, long lastFloorBytes, long maxBytes, double gcShare, long nowMillis) {
        return check(lastFloorTime, lastFloorBytes, maxBytes, gcShare, nowMillis, false);
    }

    /**
     * As above; {@code wasNear} (the last check said so) lowers the occupancy needed to
     * {@link #STAY_SHARE}: Shenandoah 256 MiB leaking 1 MiB/s read 85%, 84%, 85%, 86% after its last
     * collections and the report said "close to exhaustion" at every other poll.
     */
    static String check(long lastFloorTime, long lastFloorBytes, long maxBytes, double gcShare, long nowMillis, boolean wasNear) {
        double share = wasNear ? STAY_SHARE : FULL_SHARE;
        boolean full = maxBytes > 0 && lastFloorBytes >= share * maxBytes && nowMillis - lastFloorTime <= RECENT_MILLIS;
        boolean collecting = gcShare >= GC_SHARE;
        if (!full && !collecting) {
            return null;
        }
        String occupancy = maxBytes > 0 && lastFloorBytes >= 0
                ? String.format(Locale.ROOT, "the old generation is %.0f%% full after the last cleaning collection", 100.0 * lastFloorBytes / maxBytes)
                : "the old generation's occupancy is unknown";
        String gc = gcShare < 0 ? "GC time share unknown" : String.format(Locale.ROOT, "GC took %.0f%% of the last minute", 100 * gcShare);
        return occupancy + ", " + gc;
    }

    /** Holds a raised verdict while the heap is near exhaustion: never back down while that lasts. */
    static LeakVerdict.Level hold(LeakVerdict.Level now, LeakVerdict.Level before, boolean near) {
        return near && before.code > now.code ? before : now;
    }
}
