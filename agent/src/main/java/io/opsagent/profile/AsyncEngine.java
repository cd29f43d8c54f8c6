package io.opsagent.profile;

import java.nio.file.Path;

/**
 * A profile by async-profiler. For {@code cpu} it picks the sampler itself, because perf events are
 * often forbidden in containers (seccomp, {@code perf_event_paranoid}): perf_events, else ctimer,
 * else itimer, and the answer names the one that ran.
 */
final class AsyncEngine {
    static final String NAME = "async-profiler";

    private final NativeProfiler profiler;

    AsyncEngine(NativeProfiler profiler) {
        this.profiler = profiler;
    }

    /** Which sampler runs {@code event}, after asking the profiler what this host allows. */
    String sampler(String event) throws Exception {
        if (!event.equals("cpu")) {
            return event;
        }
        return cpuSampler(new Check() {
            @Override
            public boolean available(String e) {
                try {
                    profiler.execute("check,event=" + e);
                    return true;
                } catch (Exception ex) {
                    return false;
                }
            }
        });
    }

    /** The host's check, separated so the fallback order can be tested without a host that lacks perf events. */
    interface Check {
        boolean available(String event);
    }

    static String cpuSampler(Check check) {
        if (check.available("cpu")) {
            return "perf_events";
        }
        return check.available("ctimer") ? "ctimer" : "itimer";
    }

    /** The start command for async-profiler. */
    static String startCommand(ProfileSpec spec, String sampler, Path jfrFile) {
        StringBuilder sb = new StringBuilder("start,event=");
        sb.append(sampler.equals("perf_events") ? "cpu" : sampler);
        if (spec.event.equals("alloc")) {
            sb.append(",alloc=").append(spec.interval);
        } else if (spec.event.equals("lock")) {
            sb.append(",lock=").append(spec.interval);
        } else {
            sb.append(",interval=").append(spec.interval);
        }
        if (spec.threads) {
            sb.append(",threads");
        }
        if (jfrFile != null) {
            sb.append(",jfr,file=").append(jfrFile.toAbsolutePath());
        }
        return sb.toString();
    }

    void stopQuietly() {
        try {
            profiler.execute("stop");
        } catch (Exception ignored) {
            // it was not running
        }
    }

    ProfileResult run(ProfileSpec spec, Path out) throws Exception {
        String sampler = sampler(spec.event);
        boolean jfr = spec.format.equals("jfr");
        profiler.execute(startCommand(spec, sampler, jfr ? out : null));
        boolean stopped = false;
        try {
            Thread.sleep(spec.durationMillis);
            // dotted class names, as the JFR engine writes them; a jfr recording was written as it went
            profiler.execute(jfr ? "stop" : "stop," + (spec.format.equals("html") ? "flamegraph" : "collapsed") + ",dot,file=" + out.toAbsolutePath());
            stopped = true;
        } finally {
            if (!stopped) {
                stopQuietly();
            }
        }
        return new ProfileResult(out, NAME, sampler, null);
    }
}
