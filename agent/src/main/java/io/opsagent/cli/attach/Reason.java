package io.opsagent.cli.attach;

/**
 * Why a command of the CLI did not work: each reason is a different fix for the user, so each has its own
 * exit code, and {@code help} prints them from here. The numbers are part of the contract (docs/attach.md):
 * never renumber, only add.
 */
public enum Reason {
    FAILED(1, "failed; the message says what"),
    USAGE(2, "wrong command line: unknown command, missing or malformed pid, bad option syntax"),
    NO_SUCH_PROCESS(3, "no process with that pid"),
    NOT_A_JVM(4, "the process is not a JVM (attaching would send it SIGQUIT, which may kill it)"),
    OTHER_USER(5, "another user's JVM: only that user (or root) may attach"),
    ATTACH_DISABLED(6, "the JVM runs with -XX:+DisableAttachMechanism"),
    NO_ATTACH_API(7, "the Java running this command line cannot attach (a JRE 8 without lib/tools.jar, a runtime without jdk.attach)"),
    TARGET_CANNOT_LOAD(8, "the target JVM refused to load the agent"),
    PORT_TAKEN(9, "the agent was loaded but its port is taken"),
    NOT_STARTED(10, "the agent was loaded but did not start: bad option, or no endpoint answered in time"),
    NOT_RUNNING(11, "stop: no agent runs in that JVM");

    /** Success. */
    public static final int OK = 0;

    private final int exitCode;
    private final String help;

    Reason(int exitCode, String help) {
        this.exitCode = exitCode;
        this.help = help;
    }

    public int exitCode() {
        return exitCode;
    }

    /** One line for {@code help}. */
    public String help() {
        return help;
    }
}
