package io.opsagent.dashboard;

import java.util.ArrayList;
import java.util.List;

/** The last {@code capacity} samples, oldest overwritten first: the dashboard's whole memory cost. */
final class SampleRing {
    private final JvmSample[] slots;
    private int next;
    private int size;

    SampleRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a ring holds at least one sample: " + capacity);
        }
        this.slots = new JvmSample[capacity];
    }

    synchronized void add(JvmSample s) {
        slots[next] = s;
        next = (next + 1) % slots.length;
        size = Math.min(size + 1, slots.length);
    }

    /** Samples taken after {@code afterMillis} (all of them for 0 or less), oldest first. */
    synchronized List<JvmSample> since(long afterMillis) {
        List<JvmSample> out = new ArrayList<JvmSample>(size);
        int first = (next - size + slots.length) % slots.length;
        for (int i = 0; i < size; i++) {
            JvmSample s = slots[(first + i) % slots.length];
            if (s.timeMillis > afterMillis) {
                out.add(s);
            }
        }
        return out;
    }

    int capacity() {
        return slots.length;
    }
}
