package io.opsagent.cli;

import io.opsagent.attach.Reason;

/**
 * The CLI's exit codes, one per kind of failure, so scripts can tell them apart. The numbers are part
 * of the contract (docs/attach.md): never renumber, only add.
 */
public final class ExitCode {
    public static final int OK = 0;
    /** Anything not listed below; the message says what. */
    public static final int FAILED = 1;
    /** Wrong command line: unknown command, missing or malformed pid, bad option syntax. */
    public static final int USAGE = 2;
    /** No process with that pid. */
    public static final int NO_SUCH_PROCESS = 3;
    /** The process exists but is not a JVM (attaching would send it SIGQUIT, which may kill it). */
    public static final int NOT_A_JVM = 4;
    /** The JVM belongs to another user: only that user (or root) may attach. */
    public static final int OTHER_USER = 5;
    /** The JVM runs with -XX:+DisableAttachMechanism. */
    public static final int ATTACH_DISABLED = 6;
    /** The Java running the CLI has no attach API (a JRE 8 without tools.jar, or a jlinked image without jdk.attach). */
    public static final int NO_ATTACH_API = 7;
    /** The target's JVM refused to load the agent (too old, or no java.instrument). */
    public static final int TARGET_CANNOT_LOAD = 8;
    /** The agent was loaded but could not bind its port. */
    public static final int PORT_TAKEN = 9;
    /** The agent was loaded but did not start: bad option, or it did not come up in time. */
    public static final int NOT_STARTED = 10;
    /** stop: no agent runs in that JVM. */
    public static final int NOT_RUNNING = 11;

    private ExitCode() {
    }

    static int of(Reason r) {
        switch (r) {
            case NO_SUCH_PROCESS:
                return NO_SUCH_PROCESS;
            case NOT_A_JVM:
                return NOT_A_JVM;
            case OTHER_USER:
                return OTHER_USER;
            case ATTACH_DISABLED:
                return ATTACH_DISABLED;
            case NO_ATTACH_API:
                return NO_ATTACH_API;
            case TARGET_CANNOT_LOAD:
                return TARGET_CANNOT_LOAD;
            case PORT_TAKEN:
                return PORT_TAKEN;
            case NOT_STARTED:
                return NOT_STARTED;
            case NOT_RUNNING:
                return NOT_RUNNING;
            default:
                return FAILED;
        }
    }
}
