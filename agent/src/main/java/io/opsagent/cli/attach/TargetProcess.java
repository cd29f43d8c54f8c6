package io.opsagent.cli.attach;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code /proc} says about a pid before we attach: whether it exists, whose it is, whether it is
 * a JVM and which Java it runs. The JDK's attach mechanism sends SIGQUIT to start the target's attach
 * listener, and SIGQUIT kills a process that is not a JVM, so we look first. Where there is no
 * {@code /proc} (macOS) every answer is "unknown" and the attach itself reports what went wrong.
 */
public final class TargetProcess {
    private static final Path PROC = Paths.get("/proc");
    private static final String TMPDIR_OPTION = "-Djava.io.tmpdir=";
    private static final Pattern RELEASE_VERSION = Pattern.compile("JAVA_VERSION=\"(?:1\\.)?(\\d+)");

    private final long pid;
    private final Path dir;

    private TargetProcess(long pid) {
        this.pid = pid;
        this.dir = PROC.resolve(Long.toString(pid));
    }

    public static TargetProcess of(long pid) {
        return new TargetProcess(pid);
    }

    public long pid() {
        return pid;
    }

    static boolean procAvailable() {
        return Files.isDirectory(PROC.resolve("self"));
    }

    /** Fails with the reason a user can act on when attaching to this pid cannot work. */
    public void checkAttachable() throws AttachException {
        if (!procAvailable()) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new AttachException(Reason.NO_SUCH_PROCESS, "no process with pid " + pid,
                    "check the pid with 'java -jar opsagent.jar list' or 'jps -l'");
        }
        Integer uid = uid(dir);
        Integer me = uid(PROC.resolve("self"));
        if (uid != null && me != null && !uid.equals(me) && me != 0) {
            throw new AttachException(Reason.OTHER_USER, "process " + pid + " belongs to user " + owner() + ", not to you",
                    "only its owner (or root) can attach: run as that user, e.g. sudo -u " + owner() + " java -jar opsagent.jar ...");
        }
        if (Boolean.FALSE.equals(isJvm())) {
            throw new AttachException(Reason.NOT_A_JVM, "process " + pid + " (" + command() + ") is not a Java virtual machine",
                    "check the pid with 'java -jar opsagent.jar list' or 'jps -l'");
        }
        if (AttachApi.ownFeature() == 8 && (otherMountNamespace() || pidInside() != pid)) {
            // Java 8's attach API looks for the target's socket in its own /tmp under the host pid; 11+ looks in
            // /proc/<pid>/root/tmp under the pid the target sees
            throw new AttachException(Reason.NO_ATTACH_API, "Java 8's attach API cannot reach JVM " + pid
                    + ": it runs in its own namespaces (a container; it sees itself as pid " + pidInside() + ")",
                    "run the command line with Java 11 or newer here, or with any JDK inside that container");
        }
    }

    /** Whether the process still runs; true where we cannot tell. */
    public boolean alive() {
        return !procAvailable() || Files.isDirectory(dir);
    }

    /** TRUE, FALSE, or null when we cannot tell (no /proc, or its memory map is not readable). */
    Boolean isJvm() {
        try {
            for (String line : Files.readAllLines(dir.resolve("maps"), StandardCharsets.ISO_8859_1)) {
                if (line.endsWith("/libjvm.so") || line.contains("/libj9vm")) {
                    return Boolean.TRUE;
                }
            }
            return Boolean.FALSE;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The owner's user name, or the numeric uid where the name is unknown. */
    public String owner() {
        try {
            return Files.getOwner(dir).getName();
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The command line, split at NUL; empty when unreadable. */
    public List<String> cmdline() {
        try {
            String s = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<String>(Arrays.asList(s.split("\0")));
            out.remove("");
            return out;
        } catch (IOException | RuntimeException e) {
            return new ArrayList<String>();
        }
    }

    private String command() {
        List<String> c = cmdline();
        return c.isEmpty() ? "?" : c.get(0);
    }

    /** The Java feature version of the JVM in that process (from its JDK's release file), or 0 if unknown. */
    public int javaFeatureVersion() {
        try {
            Path exe = visible(Files.readSymbolicLink(dir.resolve("exe")).toString());
            for (Path home = exe.getParent(); home != null; home = home.getParent()) {
                Path release = home.resolve("release");
                if (Files.isRegularFile(release)) {
                    Matcher m = RELEASE_VERSION.matcher(new String(Files.readAllBytes(release), StandardCharsets.UTF_8));
                    return m.find() ? Integer.parseInt(m.group(1)) : 0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /**
     * Its pid as it sees itself: inside its own pid namespace (a container) the last of the {@code NSpid}
     * numbers in /proc/&lt;pid&gt;/status, which names its discovery file; the host pid elsewhere.
     */
    public long pidInside() {
        try {
            for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("NSpid:")) {
                    String[] ids = line.substring("NSpid:".length()).trim().split("\\s+");
                    return Long.parseLong(ids[ids.length - 1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return pid;
        }
        return pid;
    }

    /**
     * How a path the target sees is reached from here: itself when we share its mount namespace, else through
     * /proc/&lt;pid&gt;/root (its own /tmp in a container). Unknown (not our process to inspect) counts as shared.
     */
    public Path visible(String pathInTarget) {
        return otherMountNamespace() ? Paths.get(dir.resolve("root").toString() + pathInTarget) : Paths.get(pathInTarget);
    }

    public boolean otherMountNamespace() {
        try {
            Path mine = Files.readSymbolicLink(PROC.resolve("self/ns/mnt"));
            Path its = Files.readSymbolicLink(dir.resolve("ns/mnt"));
            return !mine.equals(its);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The temp folder the target chose at launch ({@code -Djava.io.tmpdir=} on its command line, or in
     * JAVA_TOOL_OPTIONS / JDK_JAVA_OPTIONS / _JAVA_OPTIONS), as the target sees it; null when it set none.
     */
    public String tmpDirFromLaunch() {
        String found = null;
        List<String> words = new ArrayList<String>(cmdline());
        try {
            for (String var : new String(Files.readAllBytes(dir.resolve("environ")), StandardCharsets.UTF_8).split("\0")) {
                if (var.startsWith("JAVA_TOOL_OPTIONS=") || var.startsWith("JDK_JAVA_OPTIONS=") || var.startsWith("_JAVA_OPTIONS=")) {
                    words.addAll(Arrays.asList(var.substring(var.indexOf('=') + 1).trim().split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the command line alone then
        }
        for (String w : words) {
            if (w.startsWith(TMPDIR_OPTION)) {
                found = w.substring(TMPDIR_OPTION.length());
            }
        }
        return found;
    }

    private static Integer uid(Path p) {
        try {
            return (Integer) Files.getAttribute(p, "unix:uid");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
