package io.opsagent.discovery;

import com.google.gson.JsonElement;
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
 * {@code <tmp>/opsagent-<pid>.json}, mode 0600: how {@code list}, {@code shell <pid>} and scripts find a
 * running agent. It names the token file, never the token. The one owner of the file's format: the agent
 * writes it with {@link #write}, the CLI reads it back with {@link #read(Path)}. {@code <tmp>} is the
 * target's own {@code java.io.tmpdir} and {@code <pid>} its pid as it sees it (inside a container, not the
 * host's).
 */
public final class DiscoveryFile {
    /** The system property the running agent sets to its URL: the CLI reads it through the attach API. */
    public static final String URL_PROPERTY = "opsagent.url";

    /** Kinds of start failure in {@code opsagent-<pid>.error}: the CLI turns each into its own exit code. */
    public static final String PORT_TAKEN = "port-taken";
    public static final String BAD_CONFIG = "bad-config";
    public static final String FAILED = "failed";

    public final long pid;
    public final String url;
    /** As the target sees it; null when the operator token was given inline. */
    public final String tokenFile;
    public final String dataDir;
    public final String version;
    public final String attached;
    /** The JVM's {@code java.version}, for the {@code jvm_version} label of {@code list --prometheus}; null from older agents. */
    public final String javaVersion;
    public final long started;

    private DiscoveryFile(long pid, String url, String tokenFile, String dataDir, String version, String attached, String javaVersion,
            long started) {
        this.pid = pid;
        this.url = url;
        this.tokenFile = tokenFile;
        this.dataDir = dataDir;
        this.version = version;
        this.attached = attached;
        this.javaVersion = javaVersion;
        this.started = started;
    }

    /** Why the agent did not start, from {@code opsagent-<pid>.error}. */
    public static final class StartFailure {
        /** {@link #PORT_TAKEN}, {@link #BAD_CONFIG} or {@link #FAILED}. */
        public final String kind;
        public final String message;

        StartFailure(String kind, String message) {
            this.kind = kind;
            this.message = message;
        }
    }

    public static String fileName(long pid) {
        return "opsagent-" + pid + ".json";
    }

    public static String failureFileName(long pid) {
        return "opsagent-" + pid + ".error";
    }

    /** This JVM's own discovery file (agent side). */
    public static Path pathFor(long pid) {
        return Paths.get(JvmInfo.tmpDir(), fileName(pid));
    }

    public static Path write(long pid, String url, Path tokenFile, Path dataDir, String how) throws IOException {
        DiscoveryFile d = new DiscoveryFile(pid, url, tokenFile == null ? null : tokenFile.toString(), dataDir.toString(),
                JvmInfo.agentVersion(), how, System.getProperty("java.version"), System.currentTimeMillis());
        Path p = pathFor(pid);
        FilePerms.writePrivate(p, d.toJson().getBytes(StandardCharsets.UTF_8));
        removeQuietly(failurePathFor(pid));
        return p;
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<String, Object>();
        m.put("pid", pid);
        m.put("url", url);
        m.put("tokenFile", tokenFile);
        m.put("dataDir", dataDir);
        m.put("version", version);
        m.put("attached", attached);
        m.put("javaVersion", javaVersion);
        m.put("started", started);
        return Json.toPrettyJson(m);
    }

    /** Parses the file's text; null when it is not a discovery file. */
    public static DiscoveryFile parse(String json) {
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            String url = text(o, "url");
            if (url == null) {
                return null;
            }
            return new DiscoveryFile(number(o, "pid"), url, text(o, "tokenFile"), text(o, "dataDir"), text(o, "version"),
                    text(o, "attached"), text(o, "javaVersion"), number(o, "started"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The discovery file at that path, or null when there is none or it cannot be read. */
    public static DiscoveryFile read(Path file) {
        String json = readText(file);
        return json == null ? null : parse(json);
    }

    /** This JVM's temp folder's discovery file of a pid, or null. */
    public static DiscoveryFile read(long pid) {
        return read(pathFor(pid));
    }

    /**
     * {@code <tmp>/opsagent-<pid>.error}, mode 0600: why the agent did not start, for {@code opsagent attach},
     * which cannot read the target's stderr.
     */
    public static Path failurePathFor(long pid) {
        return Paths.get(JvmInfo.tmpDir(), failureFileName(pid));
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

    /** The failure note at that path, or null. */
    public static StartFailure readFailure(Path file) {
        String json = readText(file);
        if (json == null) {
            return null;
        }
        try {
            JsonObject o = JsonParser.parseString(json).getAsJsonObject();
            return new StartFailure(text(o, "kind"), text(o, "message"));
        } catch (RuntimeException e) {
            return null;
        }
    }

    public static void remove(long pid) {
        removeQuietly(pathFor(pid));
    }

    public static void removeQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a stale file names a dead pid, which list() recognises
        }
    }

    private static String readText(Path p) {
        try {
            return Files.isRegularFile(p) ? new String(Files.readAllBytes(p), StandardCharsets.UTF_8) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static long number(JsonObject o, String field) {
        JsonElement e = o.get(field);
        return e == null || e.isJsonNull() ? 0 : e.getAsLong();
    }
}
