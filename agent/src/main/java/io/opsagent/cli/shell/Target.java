package io.opsagent.cli.shell;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.opsagent.discovery.DiscoveryFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Where the console connects and with which token: a pid (through its discovery file) or a URL and a token file. */
final class Target {
    final String url;
    final String token;

    private Target(String url, String token) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
    }

    /** Thrown with a one-line message for the user. */
    static final class Problem extends Exception {
        private static final long serialVersionUID = 1L;

        Problem(String message) {
            super(message);
        }
    }

    static Target resolve(String pidOrUrl, String tokenFile) throws Problem {
        if (pidOrUrl.startsWith("http://") || pidOrUrl.startsWith("https://")) {
            return new Target(pidOrUrl, tokenFile == null ? null : readToken(Paths.get(tokenFile)));
        }
        long pid;
        try {
            pid = Long.parseLong(pidOrUrl);
        } catch (NumberFormatException e) {
            throw new Problem("'" + pidOrUrl + "' is neither a pid nor an http(s):// URL");
        }
        JsonObject d = DiscoveryFile.read(pid);
        if (d == null) {
            throw new Problem("no OpsAgent found in pid " + pid + " (no readable " + DiscoveryFile.pathFor(pid)
                    + "); attach it with: java -jar opsagent.jar attach " + pid);
        }
        String url = string(d, "url");
        if (url == null) {
            throw new Problem("the discovery file " + DiscoveryFile.pathFor(pid) + " names no URL; is the agent still starting?");
        }
        String file = tokenFile != null ? tokenFile : string(d, "tokenFile");
        if (file == null) {
            throw new Problem("the agent in pid " + pid + " has no token file (its token was given inline); pass --token-file F");
        }
        return new Target(url, readToken(Paths.get(file)));
    }

    private static String string(JsonObject o, String name) {
        JsonElement e = o.get(name);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    static String readToken(Path file) throws Problem {
        try {
            String t = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
            if (t.isEmpty()) {
                throw new Problem("the token file " + file + " is empty");
            }
            return t;
        } catch (java.nio.file.AccessDeniedException e) {
            throw new Problem("cannot read the token file " + file + ": permission denied (run as the JVM's user)");
        } catch (IOException e) {
            throw new Problem("cannot read the token file " + file + ": " + e);
        }
    }
}
