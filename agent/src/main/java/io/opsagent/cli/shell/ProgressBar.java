package io.opsagent.cli.shell;

import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn at most ten times a second so a fast transfer is not slowed by the terminal. */
final class ProgressBar {
    static final int WIDTH = 30;
    private final PrintStream err;
    private long lastDrawNanos;
    private boolean drawn;

    ProgressBar(PrintStream err) {
        this.err = err;
    }

    void update(long done, long total) {
        long now = System.nanoTime();
        if (drawn && now - lastDrawNanos < 100_000_000L) {
            return;
        }
        lastDrawNanos = now;
        drawn = true;
        err.print("\r" + line(done, total));
        err.flush();
    }

    void finish(long done, long total) {
        err.print("\r" + line(done, total) + "\n");
        err.flush();
    }

    static String line(long done, long total) {
        if (total <= 0) {
            return String.format("downloading %s", mib(done));
        }
        int filled = (int) (WIDTH * Math.min(done, total) / total);
        StringBuilder bar = new StringBuilder("[");
        for (int i = 0; i < WIDTH; i++) {
            bar.append(i < filled ? '#' : ' ');
        }
        return bar.append(String.format("] %3d%% %s / %s", 100 * Math.min(done, total) / total, mib(done), mib(total))).toString();
    }

    static String mib(long bytes) {
        return String.format("%.1f MiB", bytes / 1048576.0);
    }
}
