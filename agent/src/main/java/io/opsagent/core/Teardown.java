package io.opsagent.core;

import io.opsagent.util.Log;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps that undo what was set up, run newest first, once. A step that throws is logged with its
 * stack trace and the next one still runs, so one broken resource cannot keep the others alive.
 */
final class Teardown implements AutoCloseable {
    private final String name;
    private final List<AutoCloseable> steps = new ArrayList<AutoCloseable>();
    private boolean closed;

    Teardown(String name) {
        this.name = name;
    }

    synchronized void add(AutoCloseable step) {
        if (closed) {
            throw new IllegalStateException(name + " is already stopped");
        }
        steps.add(step);
    }

    @Override
    public void close() {
        List<AutoCloseable> todo;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            todo = new ArrayList<AutoCloseable>(steps);
            steps.clear();
        }
        for (int i = todo.size() - 1; i >= 0; i--) {
            try {
                todo.get(i).close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception | LinkageError e) {
                Log.warn("stopping " + name + ": a step failed", e);
            }
        }
    }
}
