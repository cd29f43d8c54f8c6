package io.opsagent.cli.attach;

import io.opsagent.discovery.DiscoveryFile;
import io.opsagent.util.JvmInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Where the agent in one target JVM reports, as seen from the CLI: its discovery and failure files in the
 * target's own temp folder (Tomcat and many service wrappers set {@code -Djava.io.tmpdir}), named by the pid
 * the target sees (its own inside a pid namespace), reached through {@code /proc/<pid>/root} when it lives
 * in another mount namespace; and its {@link DiscoveryFile#URL_PROPERTY} system property.
 */
public final class AgentFiles {
    private final TargetProcess target;
    private final long pidInside;
    private final List<Path> dirs;
    private final String urlProperty;

    private AgentFiles(TargetProcess target, List<Path> dirs, String urlProperty) {
        this.target = target;
        this.pidInside = target.pidInside();
        this.dirs = dirs;
        this.urlProperty = urlProperty;
    }

    /**
     * @param props the target's system properties read through the attach API, or null: then its temp folder
     *              comes from its launch options, and the default ones are tried
     */
    static AgentFiles of(TargetProcess target, Properties props) {
        List<Path> dirs = new ArrayList<Path>();
        add(dirs, target, props == null ? null : props.getProperty("java.io.tmpdir"));
        add(dirs, target, target.tmpDirFromLaunch());
        add(dirs, target, "/tmp");
        if (!target.otherMountNamespace()) {
            add(dirs, target, JvmInfo.tmpDir());
        }
        return new AgentFiles(target, dirs, props == null ? null : props.getProperty(DiscoveryFile.URL_PROPERTY));
    }

    /**
     * Asks the JVM itself (one attach-API connection), then looks at its files. Never asks a process that is not
     * a JVM: the attach mechanism's SIGQUIT would kill it.
     */
    static AgentFiles asking(TargetProcess target) {
        boolean jvm = target.alive() && !Boolean.FALSE.equals(target.isJvm());
        return of(target, jvm ? TargetJvm.systemProperties(target.pid()) : null);
    }

    /** The agent answering in that JVM, or null; for {@code shell <pid>}. */
    public static LiveAgent find(long pid) {
        return asking(TargetProcess.of(pid)).live();
    }

    private static void add(List<Path> dirs, TargetProcess target, String dirInTarget) {
        if (dirInTarget == null || dirInTarget.isEmpty()) {
            return;
        }
        Path p = target.visible(dirInTarget).normalize();
        if (!dirs.contains(p)) {
            dirs.add(p);
        }
    }

    /** The discovery file, the first readable one, or null. */
    DiscoveryFile discovery() {
        for (Path d : dirs) {
            DiscoveryFile f = DiscoveryFile.read(d.resolve(DiscoveryFile.fileName(pidInside)));
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /** Where the target writes its discovery file, as seen from here (for messages). */
    String discoveryPath() {
        return dirs.get(0).resolve(DiscoveryFile.fileName(pidInside)).toString();
    }

    DiscoveryFile.StartFailure failure() {
        for (Path d : dirs) {
            DiscoveryFile.StartFailure f = DiscoveryFile.readFailure(d.resolve(DiscoveryFile.failureFileName(pidInside)));
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    void removeFailure() {
        for (Path d : dirs) {
            DiscoveryFile.removeQuietly(d.resolve(DiscoveryFile.failureFileName(pidInside)));
        }
    }

    /**
     * The agent answering there, judged by what the agent itself reports: its discovery file or its URL property,
     * and an endpoint that answers. A discovery file whose endpoint is silent is stale and removed.
     */
    LiveAgent live() {
        DiscoveryFile d = discovery();
        if (d != null && Endpoint.answers(d.url)) {
            return new LiveAgent(d.url, tokenFile(d), discoveryPath(), d.javaVersion);
        }
        if (urlProperty != null && Endpoint.answers(urlProperty)) {
            return new LiveAgent(urlProperty, tokenFile(d), discoveryPath(), d == null ? null : d.javaVersion);
        }
        if (d != null) {
            for (Path dir : dirs) {
                DiscoveryFile.removeQuietly(dir.resolve(DiscoveryFile.fileName(pidInside)));
            }
        }
        return null;
    }

    /** The URL the JVM reported in its system property when asked, or null. */
    String urlProperty() {
        return urlProperty;
    }

    private String tokenFile(DiscoveryFile d) {
        return d == null || d.tokenFile == null ? null : target.visible(d.tokenFile).toString();
    }
}
