package io.opsagent.leak;

/** What {@link LeakAnalyzer} concluded: an immutable value, rendered by {@link LeakReport}. */
final class LeakVerdict {
    /** The verdict, with the number the metric exposes. */
    enum Level {
        NONE(0), SUSPECTED(1), LIKELY(2);

        final int code;

        Level(int code) {
            this.code = code;
        }

        String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    final Level level;
    final String reason;
    /** Theil–Sen slope of the floor; 0 when there is not enough data. */
    final double growthBytesPerMinute;
    final double growthLowBytesPerMinute;
    final double growthHighBytesPerMinute;
    /** 1 − the Mann–Kendall p-value of a rising floor; 0 when there is not enough data. */
    final double confidence;
    final long windowMillis;
    final long spanMillis;
    /** Floors in the window, oldest first (thinned to at most {@link LeakAnalyzer#MAX_POINTS}). */
    final long[] times;
    final long[] bytes;
    final long maxBytes;
    /** When the fitted floor reaches {@link #maxBytes}; -1 when the verdict is none or it does not grow. */
    final long exhaustionMillis;
    final long exhaustionEarliestMillis;
    final long exhaustionLatestMillis;
    /** For "not enough GC data yet": how long until there is, -1 when unknown, 0 when there is. */
    final long dataEtaMillis;
    /** Which measurement the verdict rests on: {@link #FLOORS}, {@link #UPPER_BOUND}, {@link #LIVE_HISTOGRAMS} or {@link #CONCURRENT_CYCLES}. */
    final String signal;
    /** Why the heap is close to exhaustion whatever the slope says, or null. */
    final String nearExhaustion;
    /** A rise held back until live class histograms confirm or clear it: they are taken although the level is none. */
    final boolean awaitsHistograms;

    static final String FLOORS = "floors after old collections";
    static final String UPPER_BOUND = "upper bound after young collections";
    static final String LIVE_HISTOGRAMS = "live class histograms";
    static final String CONCURRENT_CYCLES = "G1 concurrent cycles";

    LeakVerdict(Level level, String reason, double[] growth, double confidence, long windowMillis, long spanMillis,
            long[] times, long[] bytes, long maxBytes, long[] exhaustion, long dataEtaMillis) {
        this.level = level;
        this.reason = reason;
        this.growthBytesPerMinute = growth[0];
        this.growthLowBytesPerMinute = growth[1];
        this.growthHighBytesPerMinute = growth[2];
        this.confidence = confidence;
        this.windowMillis = windowMillis;
        this.spanMillis = spanMillis;
        this.times = times;
        this.bytes = bytes;
        this.maxBytes = maxBytes;
        this.exhaustionMillis = exhaustion[0];
        this.exhaustionEarliestMillis = exhaustion[1];
        this.exhaustionLatestMillis = exhaustion[2];
        this.dataEtaMillis = dataEtaMillis;
        this.signal = FLOORS;
        this.nearExhaustion = null;
        this.awaitsHistograms = false;
    }

    private LeakVerdict(LeakVerdict v, Level level, String reason, String signal, String nearExhaustion, boolean awaitsHistograms) {
        this.level = level;
        this.reason = reason;
        this.growthBytesPerMinute = v.growthBytesPerMinute;
        this.growthLowBytesPerMinute = v.growthLowBytesPerMinute;
        this.growthHighBytesPerMinute = v.growthHighBytesPerMinute;
        this.confidence = v.confidence;
        this.windowMillis = v.windowMillis;
        this.spanMillis = v.spanMillis;
        this.times = v.times;
        this.bytes = v.bytes;
        this.maxBytes = v.maxBytes;
        this.exhaustionMillis = v.exhaustionMillis;
        this.exhaustionEarliestMillis = v.exhaustionEarliestMillis;
        this.exhaustionLatestMillis = v.exhaustionLatestMillis;
        this.dataEtaMillis = v.dataEtaMillis;
        this.signal = signal;
        this.nearExhaustion = nearExhaustion;
        this.awaitsHistograms = awaitsHistograms;
    }

    /** The same figures with another level, reason or signal. */
    LeakVerdict with(Level level, String reason, String signal) {
        return new LeakVerdict(this, level, reason, signal, nearExhaustion, false);
    }

    /** The same figures at level none, with histograms wanted to confirm or clear the rise. */
    LeakVerdict heldForHistograms(String reason) {
        return new LeakVerdict(this, Level.NONE, reason, signal, nearExhaustion, true);
    }

    /** The same, marked close to exhaustion. */
    LeakVerdict nearExhaustion(Level level, String why) {
        return new LeakVerdict(this, level, "close to exhaustion: " + why + "; " + reason, signal, why, awaitsHistograms);
    }

    int samples() {
        return times.length;
    }

    /** The newest floor, or -1 when there is none. */
    long floorBytes() {
        return bytes.length == 0 ? -1 : bytes[bytes.length - 1];
    }
}
