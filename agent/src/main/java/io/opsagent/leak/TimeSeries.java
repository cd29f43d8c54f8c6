package io.opsagent.leak;

/** A bounded ring of (time, value, value2) samples, oldest first on copy. Not thread-safe: callers synchronize. */
final class TimeSeries {
    private final long[] times;
    private final long[] a;
    private final long[] b;
    private int head;
    private int size;

    TimeSeries(int capacity) {
        times = new long[capacity];
        a = new long[capacity];
        b = new long[capacity];
    }

    void add(long time, long first, long second) {
        times[head] = time;
        a[head] = first;
        b[head] = second;
        head = (head + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /**
     * Adds {@code value}, or, within {@code spacingMillis} after the newest sample, lowers the newest
     * to it: one point, the lowest, per stretch of closely spaced measurements.
     */
    void addLowest(long time, long value, long spacingMillis) {
        int last = (head - 1 + times.length) % times.length;
        if (size > 0 && time >= times[last] && time - times[last] < spacingMillis) {
            a[last] = Math.min(a[last], value);
            return;
        }
        add(time, value, 0);
    }

    int size() {
        return size;
    }

    /** {times, first values, second values}, oldest first. */
    long[][] copy() {
        long[][] out = new long[3][size];
        int start = (head - size + times.length) % times.length;
        for (int i = 0; i < size; i++) {
            int k = (start + i) % times.length;
            out[0][i] = times[k];
            out[1][i] = a[k];
            out[2][i] = b[k];
        }
        return out;
    }
}
