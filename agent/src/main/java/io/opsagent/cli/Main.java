package io.opsagent.cli;

import io.opsagent.cli.attach.AttachException;
import io.opsagent.cli.attach.Reason;
import io.opsagent.cli.shell.Shell;
import io.opsagent.config.Key;
import io.opsagent.config.Keys;
import io.opsagent.util.JvmInfo;
import java.io.PrintStream;

/**
 * {@code java -jar opsagent.jar <command>}. Every failure is one line saying what went wrong and what
 * to do, and an exit code that tells the failures apart (see {@link Reason}). One command, one class;
 * this switch only dispatches.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String cmd = args.length == 0 ? "help" : args[0];
        try {
            switch (cmd) {
                case "attach":
                    return AttachCommand.run(args, out, err);
                case "stop":
                    return StopCommand.run(args, out);
                case "list":
                    return ListCommand.run(args, out, err);
                case "shell":
                    return Shell.main(args, System.in, out, err);
                case "version":
                case "--version":
                    out.println("opsagent " + JvmInfo.agentVersion() + " (running on Java " + System.getProperty("java.version") + ")");
                    return Reason.OK;
                case "help":
                case "--help":
                case "-h":
                    out.print(usage());
                    return Reason.OK;
                default:
                    throw new UsageException("unknown command '" + cmd + "'; run 'java -jar opsagent.jar help' for the commands");
            }
        } catch (UsageException e) {
            err.println("opsagent: " + e.getMessage());
            return Reason.USAGE.exitCode();
        } catch (AttachException e) {
            err.println("opsagent: " + e.line());
            return e.reason().exitCode();
        } catch (RuntimeException | LinkageError e) {
            err.println("opsagent: " + cmd + " failed: " + e + "; run with a full JDK 8 or newer, and report this if it persists");
            return Reason.FAILED.exitCode();
        }
    }

    static String exitCodes() {
        StringBuilder sb = new StringBuilder("Exit codes:\n  0  ok\n");
        for (Reason r : Reason.values()) {
            sb.append(String.format("  %-2d %s%n", r.exitCode(), r.help()));
        }
        return sb.toString();
    }

    static String usage() {
        StringBuilder keys = new StringBuilder("Agent options (key=value, separated by commas; also -Dopsagent.<key> or OPSAGENT_<KEY>):\n");
        for (Key<?> k : Keys.all().values()) {
            keys.append(String.format("  %-26s %s%n", k.name() + (k.defaultText() == null || k.defaultText().isEmpty() ? "" : " [" + k.defaultText() + "]"), k.doc()));
        }
        return "usage: java -jar opsagent.jar <command>\n"
                + "  attach <pid> [key=value,...] [--wait=<s>]  load the agent into a running JVM and print its URL and token file\n"
                + "  stop <pid>                     shut the agent down in that JVM; the application runs on\n"
                + "  list                           JVMs on this host, and which run the agent, with their URLs\n"
                + "  list --prometheus [--watch FILE] [--interval=S]  the agents as Prometheus file-SD JSON; --watch keeps FILE up to date\n"
                + "  shell <pid|url> [--token-file F]  interactive maintenance console over the endpoint\n"
                + "  version                        print the agent's version\n"
                + "  help                           this text\n"
                + "At start-up instead: java -javaagent:opsagent.jar=port=9950,token.file=/etc/opsagent/token -jar app.jar\n"
                + exitCodes()
                + keys;
    }
}
