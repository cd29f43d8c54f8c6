package io.opsagent.heap;

import io.opsagent.core.Readiness;
import java.io.Closeable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The right to take the one heap dump that may exist at a time. It is held from the request until
 * the dump is stored, or until a streamed dump's transfer ends, so two dumps never share the disk.
 */
final class DumpSlot {
    static final String NOT_READY = "heap dump in progress";
    private final AtomicReference<String> holder = new AtomicReference<String>();
    private final Readiness readiness;

    DumpSlot(Readiness readiness) {
        this.readiness = readiness;
    }

    /** Takes the slot for {@code what}, or returns null with the slot untouched when another dump holds it. */
    Held tryTake(String what) {
        return holder.compareAndSet(null, what) ? new Held(what) : null;
    }

    /** What holds the slot now, or null. */
    String holder() {
        return holder.get();
    }

    /** A taken slot; closing it (more than once is harmless) frees it and ends its readiness hold. */
    final class Held implements Closeable {
        private final String what;
        private final AtomicBoolean released = new AtomicBoolean();
        private Closeable notReady;

        private Held(String what) {
            this.what = what;
        }

        /**
         * From now until the slot is freed, {@code /health/ready} answers 503. Not from the request on: a dump
         * waiting for the next GC must not drain the instance. The pause alone would be too short a window for
         * a load balancer to see; the hold also covers hashing a stored dump or sending a streamed one, which
         * load the disk and (gzip) the CPU.
         */
        synchronized void drain() {
            if (notReady == null && !released.get()) {
                notReady = readiness.hold(NOT_READY);
            }
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                synchronized (this) {
                    if (notReady != null) {
                        try {
                            notReady.close();
                        } catch (java.io.IOException impossible) {
                            // Readiness holds do not throw
                        }
                    }
                }
                holder.compareAndSet(what, null);
            }
        }
    }
}
