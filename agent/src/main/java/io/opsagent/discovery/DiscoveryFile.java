package io.opsagent.discovery;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.opsagent.util.FilePerms;
import io.opsagent.util.Json;
import io.opsagent.util.JvmInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code <tmp>/opsagent-<pid>.json}, mode 0600: how {@code list}, {@code shell <pid>} and scripts find
 * a running agent. It names the token file, never the token.
 */
public final class DiscoveryFile {
    /** Kinds of start failure in {@code opsagent-<pid>.error}: the CLI turns each into its own exit code. */
    public static final String PORT_TAKEN = "port-taken";
    public static final String BAD_CONFIG = "bad-config";
    public static final String FAILED = "failed";
    /** The JVM's {@code java.version}, for the {@code jvm_version} label of {@code list --prometheus}. */
    public static final String JAVA_VERSION = "javaVersion";

    private DiscoveryFile() {
    }

    public static Path pathFor(long pid) {
        return Paths.get(JvmInfo.tmpDir(), "opsagent-" + pid + ".json");
    }

    public static Path write(long pid, String url, Path tokenFile, Path dataDir, String how) throws IOException {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("pid", pid);
        m.put("url", url);
        m.put("tokenFile", tokenFile == null ? null : tokenFile.toString());
        m.put("dataDir", dataDir.toString());
        m.put("version", JvmInfo.agentVersion());
        m.put("attached", how);
        m.put(JAVA_VERSION, System.getProperty("java.version"));
        m.put("started", System.currentTimeMillis());
        Path p = pathFor(pid);
        FilePerms.writePrivate(p, Json.toPrettyJson(m).getBytes(StandardCharsets.UTF_8));
        removeQuietly(failurePathFor(pid));
        return p;
    }

    /**
     * {@code <tmp>/opsagent-<pid>.error}, mode 0600: why the agent did not start, for {@code opsagent attach},
     * which cannot read the target's stderr. {@code kind} is {@link #PORT_TAKEN}, {@link #BAD_CONFIG} or {@link #FAILED}.
     */
    public static Path failurePathFor(long pid) {
        return Paths.get(JvmInfo.tmpDir(), "opsagent-" + pid + ".error");
    }

    /** Best effort: the agent's start must not fail because this note could not be written. */
    public static void writeFailure(long pid, String kind, String message) {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("pid", pid);
        m.put("kind", kind);
        m.put("message", message);
        m.put("time", System.currentTimeMillis());
        try {
            Path p = failurePathFor(pid);
            FilePerms.writePrivate(p, Json.toPrettyJson(m).getBytes(StandardCharsets.UTF_8));
            p.toFile().deleteOnExit();
        } catch (IOException | RuntimeException ignored) {
            // the same line is on the host's stderr
        }
    }

    /** The failure note of a pid, or null. */
    public static JsonObject readFailure(long pid) {
        return readJson(failurePathFor(pid));
    }

    public static void removeFailure(long pid) {
        removeQuietly(failurePathFor(pid));
    }

    /** The discovery file of a pid, or null when there is none or it cannot be read. */
    public static JsonObject read(long pid) {
        return readJson(pathFor(pid));
    }

    private static JsonObject readJson(Path p) {
        try {
            return Files.isRegularFile(p) ? JsonParser.parseString(new String(Files.readAllBytes(p), StandardCharsets.UTF_8)).getAsJsonObject() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public static void remove(long pid) {
        removeQuietly(pathFor(pid));
    }

    private static void removeQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale file names a dead pid, which list() recognises
        }
    }
}
