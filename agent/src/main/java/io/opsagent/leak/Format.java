package io.opsagent.leak;

import java.util.Locale;

/** Human-readable sizes and durations for verdict reasons. */
final class Format {
    private Format() {
    }

    static String bytes(long b) {
        long a = Math.abs(b);
        if (a >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        if (a >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        }
        if (a >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / (double) (1L << 10));
        }
        return b + " B";
    }

    static String duration(long ms) {
        if (ms < 60_000) {
            return Math.max(0, Math.round(ms / 1000.0)) + " s";
        }
        if (ms < 3_600_000) {
            return String.format(Locale.ROOT, "%.1f min", ms / 60_000.0);
        }
        return String.format(Locale.ROOT, "%.1f h", ms / 3_600_000.0);
    }
}
