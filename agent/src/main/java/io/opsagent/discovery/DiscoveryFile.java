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
        m.put("started", System.currentTimeMillis());
        Path p = pathFor(pid);
        FilePerms.writePrivate(p, Json.PRETTY.toJson(m).getBytes(StandardCharsets.UTF_8));
        return p;
    }

    /** The discovery file of a pid, or null when there is none or it cannot be read. */
    public static JsonObject read(long pid) {
        Path p = pathFor(pid);
        try {
            return Files.isRegularFile(p) ? JsonParser.parseString(new String(Files.readAllBytes(p), StandardCharsets.UTF_8)).getAsJsonObject() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public static void remove(long pid) {
        try {
            Files.deleteIfExists(pathFor(pid));
        } catch (IOException ignored) {
            // a stale file names a dead pid, which list() recognises
        }
    }
}
