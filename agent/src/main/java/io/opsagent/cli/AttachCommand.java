package io.opsagent.cli;

import io.opsagent.cli.attach.AttachException;
import io.opsagent.cli.attach.AttachFlow;
import io.opsagent.cli.attach.Reason;
import io.opsagent.config.AgentArgs;
import io.opsagent.config.ConfigException;
import io.opsagent.core.AgentRuntime;
import java.io.PrintStream;

/** {@code attach <pid> [key=value,...] [--wait=<seconds>]}. */
final class AttachCommand {
    private static final long DEFAULT_WAIT_SECONDS = 30;
    private static final String WAIT = "--wait=";

    private AttachCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws UsageException, AttachException {
        long pid = UsageException.pid(args, "attach");
        String agentArgs = "";
        long waitSeconds = DEFAULT_WAIT_SECONDS;
        for (int i = 2; i < args.length; i++) {
            if (args[i].startsWith(WAIT)) {
                waitSeconds = seconds(args[i].substring(WAIT.length()));
            } else if (agentArgs.isEmpty()) {
                agentArgs = args[i].trim();
            } else {
                throw new UsageException("give the agent options as one word, key=value pairs separated by commas: port=9950,bind=127.0.0.1");
            }
        }
        checkSyntax(agentArgs);
        AttachFlow.Result r = new AttachFlow(pid, waitSeconds * 1000).attach(agentArgs);
        if (r.alreadyRunning) {
            out.println("the agent already runs in JVM " + pid + "; nothing new started"
                    + (agentArgs.isEmpty() ? "" : " (options that can change at run time were applied; see its agent.log)"));
        } else {
            out.println("attached to JVM " + pid + (r.targetJava > 0 ? " (Java " + r.targetJava + ")" : ""));
        }
        out.println("endpoint:   " + r.url);
        out.println("token file: " + (r.tokenFile != null ? r.tokenFile
                : "(none named here: the operator token was given in the options, or " + r.discoveryFile + " is not readable)"));
        if (r.dynamicLoadWarning) {
            err.println("note: on Java 21+ the JVM prints \"WARNING: A Java agent has been loaded dynamically\" on its stderr (JEP 451);"
                    + " it is harmless. Start that JVM with -XX:+EnableDynamicAgentLoading to silence it, or use -javaagent:opsagent.jar.");
        }
        return Reason.OK;
    }

    private static void checkSyntax(String agentArgs) throws UsageException {
        if (agentArgs.equals(AgentRuntime.STOP)) {
            throw new UsageException("to stop the agent use: java -jar opsagent.jar stop <pid>");
        }
        try {
            AgentArgs.parse(agentArgs);
        } catch (ConfigException e) {
            throw new UsageException("bad agent options: " + e.getMessage());
        }
    }

    private static long seconds(String s) throws UsageException {
        try {
            long v = Long.parseLong(s);
            if (v > 0 && v <= 3600) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--wait takes seconds from 1 to 3600, not '" + s + "'");
    }
}
