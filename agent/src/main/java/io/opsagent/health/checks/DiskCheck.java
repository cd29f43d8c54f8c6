package io.opsagent.health.checks;

import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Paths;

/** Free space, as a percentage, on the file system holding {@code target} (a path). */
final class DiskCheck implements Check {
    private static final double GIB = 1024.0 * 1024 * 1024;

    @Override
    public Observation measure(CheckSpec spec, int timeoutMillis) throws Exception {
        FileStore store = Files.getFileStore(Paths.get(spec.target()));
        long total = store.getTotalSpace();
        long usable = store.getUsableSpace();
        if (total <= 0) {
            return Observation.warned(null, "the file system of " + spec.target() + " reports no size");
        }
        double pct = Math.round(usable * 1000.0 / total) / 10.0;
        return Observation.of(pct, String.format(java.util.Locale.ROOT, "%.1f GiB free of %.1f GiB (%s%%) on %s",
                usable / GIB, total / GIB, pct, spec.target()));
    }
}
