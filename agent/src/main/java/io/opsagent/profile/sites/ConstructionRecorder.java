package io.opsagent.profile.sites;

/**
 * What an instrumented constructor calls at its exit (see {@link ConstructorAdvice}): public because
 * the application's classes call it, and it must be visible from their class loader (the agent jar is
 * on the system class path). While no sampling window is open it returns at once; nothing it does may
 * reach the application, not even an error.
 */
public final class ConstructionRecorder {
    private static volatile ConstructionSamples window;

    private ConstructionRecorder() {
    }

    public static void constructed(Object self) {
        try {
            ConstructionSamples w = window;
            if (w != null && self != null) {
                w.constructed(self);
            }
        } catch (Throwable t) {
            // an OutOfMemoryError or a StackOverflowError while sampling: the construction itself succeeded
        }
    }

    static void open(ConstructionSamples w) {
        window = w;
    }

    static void close() {
        window = null;
    }
}
