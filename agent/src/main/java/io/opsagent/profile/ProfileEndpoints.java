package io.opsagent.profile;

import io.opsagent.config.Keys;
import io.opsagent.config.LiveConfig;
import io.opsagent.http.HttpError;
import io.opsagent.http.Reply;
import io.opsagent.http.Request;
import io.opsagent.util.IsoTime;
import io.opsagent.util.JvmInfo;
import io.opsagent.util.RandomHex;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code POST /profile}: runs one profile for its duration on the request's thread and sends the result. */
final class ProfileEndpoints {
    private final Profilers profilers;
    private final LiveConfig config;
    private final Path dir;

    ProfileEndpoints(Profilers profilers, LiveConfig config, Path dir) {
        this.profilers = profilers;
        this.config = config;
        this.dir = dir;
    }

    Reply profile(Request r) throws Exception {
        ProfileSpec spec = ProfileSpec.of(r);
        String engine = config.get().get(Keys.PROFILE_ENGINE);
        NativeProfiler nativeProfiler = null;
        String whyNotAsync = null;
        if (engine.equals("jfr")) {
            whyNotAsync = "profile.engine=jfr";
        } else if (engine.equals("auto") && spec.event.equals("alloc") && JvmInfo.featureVersion() < 11) {
            // before 11 async-profiler finds allocations through HotSpot's debug symbols, which most Java 8 packages lack
            whyNotAsync = "async-profiler's allocation sampling needs Java 11 or later (or JDK debug symbols on Java 8)";
        } else {
            try {
                nativeProfiler = profilers.nativeProfiler();
            } catch (NativeProfiler.Unavailable e) {
                if (engine.equals("async-profiler")) {
                    throw new HttpError(501, e.getMessage(), "set profile.engine=auto to fall back to JFR's samplers");
                }
                whyNotAsync = e.getMessage();
            }
        }
        if (nativeProfiler == null) {
            JfrEngine.checkSupported(spec, whyNotAsync);
        }
        ProfilerSlot.Held held = profilers.slot().take(spec.event + " profile for " + r.client());
        Path out = dir.resolve("profile-" + RandomHex.of(8) + "." + extension(spec.format));
        ProfileResult result;
        try {
            result = nativeProfiler != null ? new AsyncEngine(nativeProfiler).run(spec, out)
                    : new JfrEngine().run(spec, out, dir).withFallback(engine.equals("jfr") ? null : whyNotAsync);
        } catch (InterruptedException e) {
            Files.deleteIfExists(out);
            Thread.currentThread().interrupt();
            throw new HttpError(503, "the profile was cut short: the agent is stopping", "retry once the agent runs again");
        } catch (HttpError e) {
            Files.deleteIfExists(out);
            throw e;
        } catch (Exception e) {
            Files.deleteIfExists(out);
            throw failed(e);
        } finally {
            held.close();
        }
        long size = Files.size(out);
        r.auditDetail("event=" + spec.event + " duration=" + spec.durationMillis + "ms format=" + spec.format + " engine=" + result.engine
                + " sampler=" + result.sampler + " bytes=" + size);
        String name = "profile-" + spec.event + "-" + JvmInfo.pid() + "-" + IsoTime.compact(System.currentTimeMillis()) + "." + extension(spec.format);
        Reply reply = Reply.stream(200, contentType(spec.format), new DeleteOnClose(out), size)
                .header("X-Profile-Engine", result.engine).header("X-Profile-Sampler", result.sampler)
                .header("Content-Disposition", (spec.format.equals("html") ? "inline" : "attachment") + "; filename=\"" + name + "\"");
        if (result.fallback != null) {
            reply.header("X-Profile-Fallback", result.fallback.replace('\n', ' ').replace('\r', ' '));
        }
        return reply;
    }

    private static HttpError failed(Exception e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("already") && m.contains("started")) {
            return new HttpError(409, "the process's profiler is already running (" + m + "), likely started by the application's own async-profiler",
                    "stop that profiling session first");
        }
        return new HttpError(500, "the profile failed: " + m, "see the agent log; profile.engine=jfr uses JFR's samplers instead");
    }

    static String extension(String format) {
        return format.equals("collapsed") ? "collapsed.txt" : format;
    }

    private static String contentType(String format) {
        return format.equals("html") ? Reply.HTML : format.equals("collapsed") ? Reply.TEXT : Reply.BINARY;
    }

    /** The profile file, removed once sent or abandoned: profiles are not stored. */
    private static final class DeleteOnClose extends FilterInputStream {
        private final Path file;

        DeleteOnClose(Path file) throws IOException {
            super(new FileInputStream(file.toFile()));
            this.file = file;
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }
}
