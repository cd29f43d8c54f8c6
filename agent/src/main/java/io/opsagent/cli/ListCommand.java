package io.opsagent.cli;

import io.opsagent.cli.attach.JvmList;
import io.opsagent.cli.attach.Reason;
import java.io.PrintStream;
import java.util.List;

/** {@code list}: the JVMs this user can see, and the agent URL of those that run it. */
final class ListCommand {
    private static final int MAIN_WIDTH = 100;

    private ListCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException {
        if (args.length > 1 && PrometheusSdCommand.FLAG.equals(args[1])) {
            return PrometheusSdCommand.run(args, out, err);
        }
        if (args.length > 1) {
            throw new UsageException("list takes no arguments but --prometheus [--watch FILE] [--interval=SECONDS]");
        }
        List<JvmList.Entry> jvms = JvmList.list();
        out.println(String.format("%-8s %-32s %s", "PID", "AGENT", "MAIN"));
        for (JvmList.Entry e : jvms) {
            String main = e.main.length() > MAIN_WIDTH ? e.main.substring(0, MAIN_WIDTH - 3) + "..." : e.main;
            out.println(String.format("%-8d %-32s %s", e.pid, e.agentUrl == null ? "-" : e.agentUrl, main));
        }
        if (jvms.isEmpty()) {
            out.println("(no other JVM of yours is running; JVMs of other users are not shown)");
        }
        return Reason.OK;
    }
}
