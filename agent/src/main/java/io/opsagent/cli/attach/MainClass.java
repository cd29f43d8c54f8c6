package io.opsagent.cli.attach;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What {@code jps -l} would call a JVM, from its command line: the jar or main class, with the program's arguments. */
final class MainClass {
    /** Launcher options whose value is the next word. */
    private static final Set<String> TAKES_VALUE = new HashSet<String>(Arrays.asList("-cp", "-classpath", "--class-path",
            "-p", "--module-path", "--upgrade-module-path", "--add-modules", "--add-opens", "--add-exports", "--add-reads",
            "--limit-modules", "--patch-module", "--enable-native-access"));

    private MainClass() {
    }

    static String of(List<String> cmdline) {
        for (int i = 1; i < cmdline.size(); i++) {
            String w = cmdline.get(i);
            if (w.equals("-jar") || w.equals("-m") || w.equals("--module")) {
                return join(cmdline, i + 1);
            }
            if (TAKES_VALUE.contains(w)) {
                i++;
            } else if (!w.startsWith("-")) {
                return join(cmdline, i);
            }
        }
        return cmdline.isEmpty() ? "?" : "(unknown main class)";
    }

    private static String join(List<String> words, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < words.size(); i++) {
            sb.append(i > from ? " " : "").append(words.get(i));
        }
        return sb.length() == 0 ? "?" : sb.toString();
    }
}
