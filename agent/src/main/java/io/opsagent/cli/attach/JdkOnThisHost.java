package io.opsagent.cli.attach;

import java.io.File;
import java.util.Arrays;

/** A java on this machine that can attach (a JDK: it has jcmd), to name in the message of a runtime that cannot. */
final class JdkOnThisHost {
    private static final String[] ROOTS = {"/usr/lib/jvm", "/opt/java", "/usr/java"};

    private JdkOnThisHost() {
    }

    /** The path of such a java, or null. */
    static String find() {
        for (String root : ROOTS) {
            File[] homes = new File(root).listFiles();
            if (homes == null) {
                continue;
            }
            Arrays.sort(homes);
            for (File home : homes) {
                File java = new File(home, "bin/java");
                // jcmd needs the attach API: tools.jar on 8, jdk.attach on 9+
                if (java.canExecute() && new File(home, "bin/jcmd").canExecute()) {
                    return java.getPath();
                }
            }
        }
        return null;
    }
}
