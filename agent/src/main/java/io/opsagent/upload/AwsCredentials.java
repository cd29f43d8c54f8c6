package io.opsagent.upload;

/** An access key, its secret and an optional session token. {@link #toString()} never shows the secret. */
final class AwsCredentials {
    private final String accessKey;
    private final String secretKey;
    private final String sessionToken;
    private final String source;

    AwsCredentials(String accessKey, String secretKey, String sessionToken, String source) {
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.sessionToken = sessionToken == null || sessionToken.isEmpty() ? null : sessionToken;
        this.source = source;
    }

    String accessKey() {
        return accessKey;
    }

    String secretKey() {
        return secretKey;
    }

    /** Null when there is none. */
    String sessionToken() {
        return sessionToken;
    }

    /** Where they came from, for messages: "environment", "profile default in /root/.aws/credentials". */
    String source() {
        return source;
    }

    @Override
    public String toString() {
        return "credentials from " + source;
    }
}
