package io.opsagent.profile;

import io.opsagent.http.HttpError;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One profile at a time: the process has one native profiler, and two JFR sampling sessions would
 * only slow the host twice. Profiles on request and the leak-site sampler share it.
 */
public final class ProfilerSlot {
    private final AtomicReference<String> holder = new AtomicReference<String>();

    /** Takes the slot for {@code what}, or null when something else holds it. */
    public Held tryTake(String what) {
        return holder.compareAndSet(null, what) ? new Held(what) : null;
    }

    /** Takes the slot or answers 429 naming what holds it. */
    public Held take(String what) {
        Held h = tryTake(what);
        if (h == null) {
            throw new HttpError(429, "a profile is already running (" + holder.get() + ")",
                    "only one profile runs at a time; retry when it has finished").header("Retry-After", "5");
        }
        return h;
    }

    /** What holds the slot, or null. */
    public String holder() {
        return holder.get();
    }

    /** The slot while held; closing frees it once. */
    public final class Held implements AutoCloseable {
        private final String what;
        private boolean closed;

        private Held(String what) {
            this.what = what;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                holder.compareAndSet(what, null);
            }
        }
    }
}
