package io.opsagent.cli.shell;

import io.opsagent.cli.attach.AgentFiles;
import io.opsagent.cli.attach.LiveAgent;
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
        LiveAgent agent = AgentFiles.find(pid);
        if (agent == null) {
            throw new Problem("no OpsAgent found in pid " + pid + " (no live discovery file in its temp folder, no " + DiscoveryFile.URL_PROPERTY + " property)"
                    + "; attach it with: java -jar opsagent.jar attach " + pid);
        }
        String file = tokenFile != null ? tokenFile : agent.tokenFile;
        if (file == null) {
            throw new Problem("the agent in pid " + pid + " serves " + agent.url + " but names no token file here (its token was given inline,"
                    + " or " + agent.discoveryFile + " is not readable); pass --token-file F");
        }
        return new Target(agent.url, readToken(Paths.get(file)));
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
