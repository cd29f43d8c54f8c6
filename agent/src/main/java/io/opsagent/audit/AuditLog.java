package io.opsagent.audit;

import io.opsagent.http.Role;
import io.opsagent.util.IsoTime;
import io.opsagent.util.FilePerms;
import io.opsagent.util.Json;
import io.opsagent.util.Log;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON line per sensitive or state-changing request: time, client, role, action, status and a
 * detail. The file is 0600 and rotated once at 10 MiB to {@code audit.log.1}, so it never fills the disk.
 */
public final class AuditLog {
    private static final long MAX_BYTES = 10L * 1024 * 1024;

    private final Path file;
    private OutputStream out;
    private long written;

    public AuditLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public void record(String client, Role role, String action, int status, String detail) {
        record(client, role, null, action, status, detail);
    }

    /** {@code subject}: who the credentials name (a client certificate's subject), or null. */
    public synchronized void record(String client, Role role, String subject, String action, int status, String detail) {
        Map<String, Object> line = new LinkedHashMap<String, Object>();
        line.put("time", IsoTime.now());
        line.put("client", client);
        line.put("role", role.label());
        if (subject != null) {
            line.put("subject", subject);
        }
        line.put("action", action);
        line.put("status", status);
        if (detail != null) {
            line.put("detail", detail);
        }
        byte[] bytes = (Json.toJson(line) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (out == null) {
                if (!Files.exists(file)) {
                    FilePerms.newPrivateFile(file);
                }
                out = Files.newOutputStream(file, StandardOpenOption.APPEND);
                written = Files.size(file);
            }
            out.write(bytes);
            out.flush();
            written += bytes.length;
            if (written > MAX_BYTES) {
                close();
                Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            close();
            Log.warn("cannot write the audit log " + file + ": " + e.getMessage());
        }
    }

    public synchronized void close() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException ignored) {
                // reopened on the next line
            }
            out = null;
        }
    }
}
