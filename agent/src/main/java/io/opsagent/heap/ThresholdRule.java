package io.opsagent.heap;

/**
 * When an automatic dump is due. Two routes to the same dump:
 * <ul>
 * <li>fast: a collection that cleaned the old generation left it at or above the threshold;</li>
 * <li>sustained: occupancy after <em>every</em> collection, young ones included (an upper bound of the
 * live data), stayed at or above the threshold for at least {@code sustainCollections} collections
 * and {@code sustainMillis}. This is the route for G1 when it skips mixed collections (old regions
 * full of live data leave nothing worth collecting), Parallel between full collections, and any
 * collector whose cleaning collection never comes before the heap runs out.</li>
 * </ul>
 * After a dump the rule is disarmed until occupancy after some collection falls below the threshold
 * again (hysteresis) and the cooldown has passed since the last dump; and never more than {@code max}
 * dumps. Plain state, no clock of its own.
 */
final class ThresholdRule {
    /** How long occupancy must stay high after every collection, and across how many collections. */
    static final class Sustain {
        final long millis;
        final int collections;

        Sustain(long millis, int collections) {
            this.millis = millis;
            this.collections = collections;
        }
    }

    private static final Sustain CLEANING_ONLY = new Sustain(Long.MAX_VALUE, Integer.MAX_VALUE);

    private boolean armed = true;
    private int taken;
    private long lastMillis = Long.MIN_VALUE;
    private long previousMillis = Long.MIN_VALUE;
    private long aboveSinceMillis = Long.MIN_VALUE;
    private int aboveCollections;

    /** The fast route alone: true when a dump should be taken now after this cleaning collection. */
    synchronized boolean offer(double occupancy, double threshold, long cooldownMillis, int max, long nowMillis) {
        return offer(occupancy, true, threshold, CLEANING_ONLY, cooldownMillis, max, nowMillis);
    }

    /**
     * One collection's occupancy after it; {@code cleaning} when it cleaned the old generation. True
     * when a dump should be taken now; the rule then counts it as taken.
     */
    synchronized boolean offer(double occupancy, boolean cleaning, double threshold, Sustain sustain, long cooldownMillis, int max,
            long nowMillis) {
        if (occupancy < threshold) {
            armed = true;
            aboveSinceMillis = Long.MIN_VALUE;
            aboveCollections = 0;
            return false;
        }
        if (aboveSinceMillis == Long.MIN_VALUE) {
            aboveSinceMillis = nowMillis;
        }
        aboveCollections++;
        boolean sustained = aboveCollections >= sustain.collections && nowMillis - aboveSinceMillis >= sustain.millis;
        if (!(cleaning || sustained)) {
            return false;
        }
        if (!armed || taken >= max || (lastMillis != Long.MIN_VALUE && nowMillis - lastMillis < cooldownMillis)) {
            return false;
        }
        armed = false;
        taken++;
        previousMillis = lastMillis;
        lastMillis = nowMillis;
        return true;
    }

    /** The dump that {@link #offer} asked for could not be taken (another was running): try again at the next collection. */
    synchronized void missed() {
        armed = true;
        taken--;
        lastMillis = previousMillis;
    }

    synchronized int taken() {
        return taken;
    }

    synchronized boolean armed() {
        return armed;
    }
}
