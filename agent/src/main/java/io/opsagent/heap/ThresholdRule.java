package io.opsagent.heap;

/**
 * When an automatic dump is due: occupancy at or above the threshold fires once, then the rule is
 * disarmed until occupancy falls below the threshold again (hysteresis) and the cooldown has passed
 * since the last dump; and never more than {@code max} dumps. Plain state, no clock of its own.
 */
final class ThresholdRule {
    private boolean armed = true;
    private int taken;
    private long lastMillis = Long.MIN_VALUE;
    private long previousMillis = Long.MIN_VALUE;

    /** True when a dump should be taken now; the rule then counts it as taken. */
    synchronized boolean offer(double occupancy, double threshold, long cooldownMillis, int max, long nowMillis) {
        if (occupancy < threshold) {
            armed = true;
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
