package io.opsagent.profile;

import io.opsagent.http.HttpError;
import io.opsagent.jfr.Jfr;
import io.opsagent.util.FilePerms;
import io.opsagent.util.RandomHex;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A profile by JFR's own samplers, where async-profiler cannot load: {@code jdk.ExecutionSample} for
 * cpu and {@code jdk.ObjectAllocationSample} (JDK 16+; the TLAB events before) for alloc. JFR samples
 * Java frames only, at safepoint-free points like async-profiler, but sees no native or kernel frames.
 */
final class JfrEngine {
    static final String NAME = "jfr";

    /** The event types JFR writes for each profile event. */
    static String[] eventsOf(String event) {
        if (event.equals("cpu")) {
            return new String[] {"jdk.ExecutionSample"};
        }
        return new String[] {"jdk.ObjectAllocationSample", "jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB"};
    }

    /** The settings file: only the sampler asked for, so the recording costs what the profile needs and no more. */
    static String settings(ProfileSpec spec) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<configuration version=\"2.0\" label=\"opsagent profile\">\n");
        if (spec.event.equals("cpu")) {
            long ms = Math.max(1, spec.interval / 1_000_000);
            event(sb, "jdk.ExecutionSample", "<setting name=\"period\">" + ms + " ms</setting>");
        } else {
            // JFR throttles by rate, not bytes: about as many samples per second as async-profiler's default interval gives a busy app
            event(sb, "jdk.ObjectAllocationSample", "<setting name=\"throttle\">300/s</setting><setting name=\"stackTrace\">true</setting>");
            event(sb, "jdk.ObjectAllocationInNewTLAB", "<setting name=\"stackTrace\">true</setting>");
            event(sb, "jdk.ObjectAllocationOutsideTLAB", "<setting name=\"stackTrace\">true</setting>");
        }
        return sb.append("</configuration>\n").toString();
    }

    private static void event(StringBuilder sb, String name, String settings) {
        sb.append("  <event name=\"").append(name).append("\"><setting name=\"enabled\">true</setting>").append(settings).append("</event>\n");
    }

    static void checkSupported(ProfileSpec spec, String whyNotAsync) {
        if (!spec.event.equals("cpu") && !spec.event.equals("alloc")) {
            throw new HttpError(501, "event=" + spec.event + " needs async-profiler, and " + (whyNotAsync == null ? "profile.engine=jfr" : whyNotAsync),
                    "JFR profiles only cpu and alloc here; use event=cpu or event=alloc");
        }
        Jfr.require();
        if (!spec.format.equals("jfr") && io.opsagent.jfr.JfrReader.unavailable() != null) {
            throw new HttpError(501, io.opsagent.jfr.JfrReader.unavailable(), "ask for format=jfr and read it with JDK Mission Control");
        }
    }

    ProfileResult run(ProfileSpec spec, Path out, Path workDir) throws Exception {
        String id = RandomHex.of(6);
        String name = "opsagent-profile-" + id;
        Path jfc = workDir.resolve("profile-" + id + ".jfc");
        Path jfr = spec.format.equals("jfr") ? out : workDir.resolve("profile-" + id + ".jfr");
        FilePerms.writePrivate(jfc, settings(spec).getBytes(StandardCharsets.UTF_8));
        try {
            Jfr.start(name, "settings=" + jfc.toAbsolutePath());
            boolean stopped = false;
            try {
                Thread.sleep(spec.durationMillis);
                Jfr.stop(name, jfr);
                stopped = true;
            } finally {
                if (!stopped) {
                    Jfr.stopQuietly(name);
                }
            }
            if (!spec.format.equals("jfr")) {
                Stacks stacks = Stacks.fromJfr(jfr, eventsOf(spec.event), spec.threads);
                byte[] body = spec.format.equals("html") ? FlameGraphHtml.render(stacks, title(spec)).getBytes(StandardCharsets.UTF_8)
                        : stacks.collapsed().getBytes(StandardCharsets.UTF_8);
                FilePerms.writePrivate(out, body);
            }
        } finally {
            Files.deleteIfExists(jfc);
            if (!jfr.equals(out)) {
                Files.deleteIfExists(jfr);
            }
        }
        return new ProfileResult(out, NAME, eventsOf(spec.event)[0], null);
    }

    static String title(ProfileSpec spec) {
        return spec.event + " profile (JFR), " + spec.durationMillis / 1000 + " s";
    }
}
