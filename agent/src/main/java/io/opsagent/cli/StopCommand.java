package io.opsagent.cli;

import io.opsagent.cli.attach.Reason;

import io.opsagent.cli.attach.AttachException;
import io.opsagent.cli.attach.StopFlow;
import java.io.PrintStream;

/** {@code stop <pid>}: the agent shuts down in order, the application runs on. */
final class StopCommand {
    private static final long WAIT_MILLIS = 15000;

    private StopCommand() {
    }

    static int run(String[] args, PrintStream out) throws UsageException, AttachException {
        long pid = UsageException.pid(args, "stop");
        if (args.length > 2) {
            throw new UsageException("stop takes only a pid: java -jar opsagent.jar stop <pid>");
        }
        String url = new StopFlow(pid, WAIT_MILLIS).stop();
        out.println("stopped the agent in JVM " + pid + " (" + url + " is closed); the application runs on");
        return Reason.OK;
    }
}
