package io.opsagent.cli.attach;

import net.bytebuddy.agent.ByteBuddyAgent;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.Locale;

/**
 * Loads our jar into another JVM through Byte Buddy's attach support (the JDK's {@code jdk.attach}
 * module on 9+, {@code tools.jar} on 8), and turns the attach API's exceptions into a reason and a
 * fix. A successful load only means the target ran {@code agentmain}: whether the endpoint came up is
 * for the caller to find out.
 */
public final class AgentLoader {
    private static final String NO_PROVIDER = "No compatible attachment provider";

    private AgentLoader() {
    }

    /** The jar this code runs from: the CLI is {@code java -jar opsagent.jar}, and that jar is the agent. */
    public static File agentJar() throws AttachException {
        try {
            CodeSource cs = AgentLoader.class.getProtectionDomain().getCodeSource();
            File f = cs == null ? null : new File(cs.getLocation().toURI());
            if (f != null && f.isFile()) {
                return f;
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the explanation below
        }
        throw new AttachException(Reason.FAILED, "cannot tell which jar the agent is in",
                "run the command line from the agent jar itself: java -jar /path/opsagent.jar ...");
    }

    /**
     * The agent jar as the target can open it. A target in another mount namespace (a container) cannot see the
     * command line's own path, so it gets a copy in its own /tmp, reached through /proc/&lt;pid&gt;/root, as jattach does.
     */
    public static File agentJarFor(TargetProcess target) throws AttachException {
        File jar = agentJar();
        if (!target.otherMountNamespace()) {
            return jar;
        }
        String inside = "/tmp/opsagent-agent-" + jar.length() + "-" + jar.lastModified() + ".jar";
        java.nio.file.Path copy = target.visible(inside);
        try {
            if (!java.nio.file.Files.isRegularFile(copy) || java.nio.file.Files.size(copy) != jar.length()) {
                java.nio.file.Path part = copy.resolveSibling(copy.getFileName() + ".part");
                java.nio.file.Files.copy(jar.toPath(), part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                java.nio.file.Files.move(part, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            // the target may run as another user than the one who copied it (root attaching to a service account)
            copy.toFile().setReadable(true, false);
        } catch (java.io.IOException | RuntimeException e) {
            throw new AttachException(Reason.FAILED, "the target runs in another mount namespace and the agent jar could not be copied into its /tmp ("
                    + copy + "): " + e, "run this command as root or as the target's user, or inside the container");
        }
        return new File(inside);
    }

    public static void load(File jar, long pid, String args) throws AttachException {
        try {
            ByteBuddyAgent.attach(jar, Long.toString(pid), args, AttachApi.PROVIDER);
        } catch (RuntimeException e) {
            if (!loadedButReplyMisread(root(e))) {
                throw classify(pid, e);
            }
            // the target ran the load: whether the agent started, the agent itself reports (AttachFlow, StopFlow)
        }
    }

    /**
     * The load command's reply differs between Java 8 and 9+: an 8 target answers a bare "0", which a 9+
     * attach API reports as {@code AgentLoadException: [Failed to load agent library: ]0}; a 9+ target answers "return code: 0", which
     * Java 8's reports as {@code IOException: Non-numeric value found - int expected}. Both come after the
     * agent was loaded.
     */
    static boolean loadedButReplyMisread(Throwable root) {
        String msg = String.valueOf(root.getMessage()).trim();
        return root.getClass().getSimpleName().equals("AgentLoadException") && (msg.equals("0") || msg.endsWith(": 0"))
                || root instanceof java.io.IOException && msg.startsWith("Non-numeric value found");
    }

    private static Throwable root(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && (root instanceof InvocationTargetException || root instanceof IllegalStateException)) {
            root = root.getCause();
        }
        return root;
    }

    /** Names exactly what to install (or which java on this machine to use instead) for the runtime we run on. */
    static AttachException noAttachApi() {
        String home = System.getProperty("java.home");
        int feature = AttachApi.ownFeature();
        String what = feature == 8
                ? "this Java 8 runtime (" + home + ") has no attach API: it is a JRE, without the JDK's lib/tools.jar"
                : "this Java " + feature + " runtime (" + home + ") has no attach API: it lacks the jdk.attach module (a JRE or a jlinked image)";
        String fix = feature == 8
                ? "install the JDK beside it (Debian/Ubuntu: apt-get install openjdk-8-jdk-headless; RHEL/Fedora: yum install java-1.8.0-openjdk-devel)"
                : "install the full JDK (Debian/Ubuntu: apt-get install openjdk-" + feature + "-jdk-headless; RHEL/Fedora: yum install java-"
                        + feature + "-openjdk-devel), or add the module to the image: jlink --add-modules jdk.attach,...";
        String other = JdkOnThisHost.find();
        return new AttachException(Reason.NO_ATTACH_API, what, fix + "; or run the command line with any JDK 8 or newer's java"
                + (other == null ? "" : ", e.g. " + other + " -jar opsagent.jar ...") + " (any version can attach to any from 8 on)");
    }

    static AttachException classify(long pid, Throwable e) {
        Throwable root = root(e);
        String type = root.getClass().getSimpleName();
        String msg = String.valueOf(root.getMessage());
        String lower = msg.toLowerCase(Locale.ROOT);
        String detail = type + ": " + msg;
        if (msg.contains(NO_PROVIDER)) {
            return noAttachApi();
        }
        if (lower.contains("does not support the attach mechanism")) {
            return new AttachException(Reason.ATTACH_DISABLED, "JVM " + pid + " does not allow attaching (it runs with -XX:+DisableAttachMechanism)",
                    "restart it without that flag, or start the agent with -javaagent:opsagent.jar");
        }
        if (type.equals("AgentLoadException") || type.equals("AgentInitializationException")) {
            if (msg.contains("EnableDynamicAgentLoading")) {
                return new AttachException(Reason.TARGET_CANNOT_LOAD, "JVM " + pid + " refuses dynamically loaded agents (-XX:-EnableDynamicAgentLoading)",
                        "restart it with -XX:+EnableDynamicAgentLoading, or start the agent with -javaagent:opsagent.jar");
            }
            return new AttachException(Reason.TARGET_CANNOT_LOAD, "JVM " + pid + " could not load the agent (" + detail + ")",
                    "the target needs Java 8 or newer with the java.instrument module (a jlinked runtime may lack it); "
                            + "its stderr says more; or start the agent there with -javaagent:opsagent.jar");
        }
        if (lower.contains("no such process")) {
            return new AttachException(Reason.NO_SUCH_PROCESS, "process " + pid + " is gone", "check the pid with 'java -jar opsagent.jar list'");
        }
        if (lower.contains("permission denied") || lower.contains("not secure") || lower.contains("owned by")) {
            return new AttachException(Reason.OTHER_USER, "not allowed to attach to JVM " + pid + " (" + detail + ")",
                    "run the command line as the user that runs that JVM");
        }
        if (lower.contains("respond") || lower.contains("socket file") || lower.contains("timed out") || lower.contains("connection refused")) {
            return new AttachException(Reason.FAILED, "JVM " + pid + " did not answer the attach request (" + detail + ")",
                    "it may be hung, run with -Xrs, be another user's, or live in a container with its own /tmp: "
                            + "run the command line as the same user, in the same container");
        }
        return new AttachException(Reason.FAILED, "attaching to JVM " + pid + " failed (" + detail + ")",
                "check that it is a HotSpot or OpenJ9 JVM of Java 8 or newer run by you");
    }
}
