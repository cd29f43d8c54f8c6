package io.opsagent.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the command line exactly as users do: {@code <java> -jar opsagent.jar <args>}. */
public final class Cli {
    private static final Pattern ENDPOINT = Pattern.compile("(?m)^endpoint:\\s+(\\S+)");
    private static final Pattern TOKEN_FILE = Pattern.compile("(?m)^token file:\\s+(\\S+)");

    /** What one run left: exit code and its stdout and stderr, merged. */
    public record Run(List<String> command, int exit, String output) {
        public String endpoint() {
            return group(ENDPOINT);
        }

        public Path tokenFile() {
            return Path.of(group(TOKEN_FILE));
        }

        public AgentClient client() {
            try {
                return new AgentClient(endpoint(), Files.readString(tokenFile()).trim());
            } catch (java.io.IOException e) {
                throw new AssertionError("cannot read the token file named by the CLI: " + e + "\n" + this, e);
            }
        }

        /** Fails with the whole run unless it exited with this code. */
        public Run expect(int code) {
            assertEquals(code, exit, "unexpected exit code of " + this);
            return this;
        }

        private String group(Pattern p) {
            Matcher m = p.matcher(output);
            if (!m.find()) {
                throw new AssertionError(p + " not in the output of " + this);
            }
            return m.group(1);
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exit + ":\n" + output;
        }
    }

    private Cli() {
    }

    /** The CLI on this JDK. */
    public static Run run(Jdks.Jdk jdk, String... args) {
        return runWith(List.of(), jdk.java(), args);
    }

    /** The CLI on a given java executable, behind a prefix such as {@code setpriv --reuid=...}. */
    public static Run runWith(List<String> prefix, Path java, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(java.toString());
        cmd.add("-jar");
        cmd.add(Artifacts.agentJar().toString());
        cmd.addAll(Arrays.asList(args));
        Tools.Result r = Tools.exec(90, cmd.get(0), cmd.subList(1, cmd.size()).toArray(new String[0]));
        return new Run(cmd, r.exit(), r.output());
    }
}
