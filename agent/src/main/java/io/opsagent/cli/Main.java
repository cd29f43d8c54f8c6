package io.opsagent.cli;

import io.opsagent.util.JvmInfo;
import java.io.PrintStream;

/**
 * {@code java -jar opsagent.jar <command>}. Every failure is one line saying what went wrong and what
 * to do, and an exit code that tells the failures apart (see {@link ExitCode}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String cmd = args.length == 0 ? "help" : args[0];
        switch (cmd) {
            case "version":
            case "--version":
                out.println("opsagent " + JvmInfo.agentVersion() + " (running on Java " + System.getProperty("java.version") + ")");
                return ExitCode.OK;
            case "help":
            case "--help":
            case "-h":
                out.print(usage());
                return ExitCode.OK;
            case "shell": return io.opsagent.cli.shell.Shell.main(args, System.in, out, err);
            default:
                err.println("opsagent: unknown command '" + cmd + "'; run 'java -jar opsagent.jar help' for the commands");
                return ExitCode.USAGE;
        }
    }

    static String usage() {
        return "usage: java -jar opsagent.jar <command>\n"
                + "  attach <pid> [key=value,...]   load the agent into a running JVM and print its URL and token file\n"
                + "  stop <pid>                     shut the agent down in that JVM; the application runs on\n"
                + "  list                           JVMs on this host, and which run the agent, with their URLs\n"
                + "  shell <pid|url> [--token-file F]  interactive maintenance console over the endpoint\n"
                + "  version                        print the agent's version\n"
                + "  help                           this text\n"
                + "At start-up instead: java -javaagent:opsagent.jar=port=9950,token.file=/etc/opsagent/token -jar app.jar\n";
    }
}
