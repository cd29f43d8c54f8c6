package io.opsagent.cli.attach;

/** An agent found answering in a target JVM: its URL and its token file as this process can open it. */
public final class LiveAgent {
    public final String url;
    /** Null when the token was given inline, or the discovery file could not be read from here. */
    public final String tokenFile;
    /** Where its discovery file is (or would be), as this process sees it: for messages. */
    public final String discoveryFile;
    /** The target's {@code java.version} as its discovery file names it; null when unknown. */
    public final String javaVersion;

    LiveAgent(String url, String tokenFile, String discoveryFile, String javaVersion) {
        this.url = url;
        this.tokenFile = tokenFile;
        this.discoveryFile = discoveryFile;
        this.javaVersion = javaVersion;
    }
}
