package io.opsagent.cli.shell;

import io.opsagent.cli.attach.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code java -jar opsagent.jar shell <pid|url> [--token-file F]}: a console over the endpoint. It
 * only calls the endpoint's allow-listed, audited routes; there is no way to evaluate code. Without
 * a terminal (input piped in) it prints no banner and no prompt, so its output can be scripted.
 */
public final class Shell {
    static final String PROMPT = "opsagent> ";

    private Shell() {
    }

    /** {@code args[0]} is "shell"; the exit code is 0 when every command succeeded. */
    public static int main(String[] args, InputStream in, PrintStream out, PrintStream err) {
        String target = null;
        String tokenFile = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--token-file") && i + 1 < args.length) {
                tokenFile = args[++i];
            } else if (args[i].startsWith("--token-file=")) {
                tokenFile = args[i].substring("--token-file=".length());
            } else if (target == null && !args[i].startsWith("--")) {
                target = args[i];
            } else {
                err.println("opsagent shell: unexpected argument '" + args[i] + "'; usage: shell <pid|url> [--token-file F]");
                return Reason.USAGE.exitCode();
            }
        }
        if (target == null) {
            err.println("opsagent shell: which JVM? usage: shell <pid|url> [--token-file F]");
            return Reason.USAGE.exitCode();
        }
        Target t;
        try {
            t = Target.resolve(target, tokenFile);
        } catch (Target.Problem e) {
            err.println("opsagent shell: " + e.getMessage());
            return Reason.FAILED.exitCode();
        }
        boolean interactive = System.console() != null;
        return new Shell.Session(new ShellCommands(new ShellHttp(t), out, err), interactive, out, err).loop(in, t.url);
    }

    /** One session: read a line, expand history, run it, until quit or end of input. */
    static final class Session {
        private final ShellCommands commands;
        private final boolean interactive;
        private final PrintStream out;
        private final PrintStream err;
        private final History history = new History();

        Session(ShellCommands commands, boolean interactive, PrintStream out, PrintStream err) {
            this.commands = commands;
            this.interactive = interactive;
            this.out = out;
            this.err = err;
        }

        int loop(InputStream in, String url) {
            if (interactive) {
                out.println("OpsAgent console on " + url + " - type 'help' for the commands, 'quit' to leave");
            }
            boolean allOk = true;
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            while (true) {
                if (interactive) {
                    out.print(PROMPT);
                    out.flush();
                }
                String line;
                try {
                    line = reader.readLine();
                } catch (IOException e) {
                    err.println("error: reading input failed: " + e.getMessage());
                    return Reason.FAILED.exitCode();
                }
                if (line == null) {
                    if (interactive) {
                        out.println();
                    }
                    break;
                }
                line = line.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("!")) {
                    String expanded = history.expand(line);
                    if (expanded == null) {
                        err.println("error: " + line + ": no such line in the history");
                        allOk = false;
                        continue;
                    }
                    out.println(expanded);
                    line = expanded;
                }
                history.add(line);
                List<String> words = Words.split(line);
                String cmd = words.get(0);
                if (cmd.equals("quit") || cmd.equals("exit")) {
                    break;
                }
                if (cmd.equals("history")) {
                    out.print(history.render());
                    continue;
                }
                allOk &= runOne(words);
                out.flush();
            }
            return allOk ? Reason.OK : Reason.FAILED.exitCode();
        }

        private boolean runOne(List<String> words) {
            try {
                return commands.run(words);
            } catch (java.net.ConnectException e) {
                err.println("error: cannot connect to the agent (" + e.getMessage() + "); is the JVM still running?");
            } catch (java.net.SocketTimeoutException e) {
                err.println("error: the agent did not answer in time (" + e.getMessage() + ")");
            } catch (IOException e) {
                err.println("error: " + e);
            } catch (RuntimeException e) {
                err.println("error: unexpected answer: " + e);
            }
            return false;
        }
    }
}
