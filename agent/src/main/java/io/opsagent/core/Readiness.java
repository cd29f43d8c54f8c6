package io.opsagent.core;

import java.io.Closeable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Reasons the instance should not take traffic right now (a heap dump in progress), which
 * {@code /health/ready} reports as 503 so load balancers drain it, while {@code /health/live} stays 200.
 */
public final class Readiness {
    private final List<String> holds = new CopyOnWriteArrayList<String>();

    /** Marks the instance not ready until the returned handle is closed. */
    public Closeable hold(final String reason) {
        holds.add(reason);
        return new Closeable() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    holds.remove(reason);
                }
            }
        };
    }

    /** Why the instance is not ready; empty when it is. */
    public List<String> reasons() {
        return new ArrayList<String>(holds);
    }
}
