package io.opsagent.heap;

import java.io.Closeable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The right to take the one heap dump that may exist at a time. It is held from the request until
 * the dump is stored, or until a streamed dump's transfer ends, so two dumps never share the disk.
 */
final class DumpSlot {
    private final AtomicReference<String> holder = new AtomicReference<String>();

    /** Takes the slot for {@code what}, or returns null with the slot untouched when another dump holds it. */
    Held tryTake(String what) {
        return holder.compareAndSet(null, what) ? new Held(what) : null;
    }

    /** What holds the slot now, or null. */
    String holder() {
        return holder.get();
    }

    /** A taken slot; closing it (more than once is harmless) frees it. */
    final class Held implements Closeable {
        private final String what;
        private final AtomicBoolean released = new AtomicBoolean();

        private Held(String what) {
            this.what = what;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                holder.compareAndSet(what, null);
            }
        }
    }
}
