package io.opsagent.upload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard AWS credentials chain, as far as the agent implements it: a credentials file named by
 * {@code heapdump.upload.credentials.file} (the user chose it, so it comes first), then
 * {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}/{@code AWS_SESSION_TOKEN}, then the shared
 * credentials file ({@code AWS_SHARED_CREDENTIALS_FILE} or {@code ~/.aws/credentials}) with
 * {@code AWS_PROFILE} (else {@code default}). Resolved again for every upload, so rotated keys are picked up.
 */
final class CredentialsChain {
    private final Map<String, String> env;
    private final String home;

    CredentialsChain(Map<String, String> env, String home) {
        this.env = env;
        this.home = home;
    }

    static CredentialsChain system() {
        return new CredentialsChain(System.getenv(), System.getProperty("user.home"));
    }

    /** The first credentials found; the exception says everything that was tried (never a secret). */
    AwsCredentials resolve(String configuredFile) throws IOException {
        String profile = nonEmpty(env.get("AWS_PROFILE")) ? env.get("AWS_PROFILE") : "default";
        List<String> tried = new ArrayList<String>();
        if (nonEmpty(configuredFile)) {
            Path p = Paths.get(configuredFile);
            AwsCredentials c = fromFile(p, profile);
            if (c == null) {
                throw new IOException("heapdump.upload.credentials.file " + p + " has no profile [" + profile
                        + "] with aws_access_key_id and aws_secret_access_key (or it cannot be read)");
            }
            return c;
        }
        if (nonEmpty(env.get("AWS_ACCESS_KEY_ID")) && nonEmpty(env.get("AWS_SECRET_ACCESS_KEY"))) {
            return new AwsCredentials(env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY"), env.get("AWS_SESSION_TOKEN"), "environment");
        }
        tried.add("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        Path shared = nonEmpty(env.get("AWS_SHARED_CREDENTIALS_FILE")) ? Paths.get(env.get("AWS_SHARED_CREDENTIALS_FILE"))
                : Paths.get(home == null ? "." : home, ".aws", "credentials");
        AwsCredentials c = fromFile(shared, profile);
        if (c != null) {
            return c;
        }
        tried.add("profile [" + profile + "] in " + shared);
        if (nonEmpty(env.get("AWS_WEB_IDENTITY_TOKEN_FILE"))) {
            tried.add("web identity (AWS_WEB_IDENTITY_TOKEN_FILE is set, but the agent does not implement AssumeRoleWithWebIdentity)");
        }
        throw new IOException("no AWS credentials found; tried " + String.join(", ", tried));
    }

    /** The profile's keys from an INI-style credentials file, or null when the file or the profile is missing. */
    static AwsCredentials fromFile(Path file, String profile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
        Map<String, String> keys = new HashMap<String, String>();
        boolean in = false;
        for (String raw : lines) {
            String line = raw.trim();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String name = line.substring(1, line.length() - 1).trim();
                in = name.equals(profile) || name.equals("profile " + profile);
                continue;
            }
            int eq = line.indexOf('=');
            if (in && eq > 0) {
                keys.put(line.substring(0, eq).trim().toLowerCase(java.util.Locale.ROOT), line.substring(eq + 1).trim());
            }
        }
        String id = keys.get("aws_access_key_id");
        String secret = keys.get("aws_secret_access_key");
        if (!nonEmpty(id) || !nonEmpty(secret)) {
            return null;
        }
        return new AwsCredentials(id, secret, keys.get("aws_session_token"), "profile [" + profile + "] in " + file);
    }

    private static boolean nonEmpty(String s) {
        return s != null && !s.trim().isEmpty();
    }
}
