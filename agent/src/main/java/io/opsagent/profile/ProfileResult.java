package io.opsagent.profile;

import java.nio.file.Path;

/** A finished profile: the file to send, and which engine and sampler produced it. */
final class ProfileResult {
    final Path file;
    /** {@code async-profiler} or {@code jfr}. */
    final String engine;
    /** What sampled: {@code perf_events}, {@code ctimer}, {@code itimer}, {@code alloc}, {@code jdk.ExecutionSample}... */
    final String sampler;
    /** Why async-profiler was not used, or null. */
    final String fallback;

    ProfileResult(Path file, String engine, String sampler, String fallback) {
        this.file = file;
        this.engine = engine;
        this.sampler = sampler;
        this.fallback = fallback;
    }

    ProfileResult withFallback(String why) {
        return new ProfileResult(file, engine, sampler, why);
    }
}
