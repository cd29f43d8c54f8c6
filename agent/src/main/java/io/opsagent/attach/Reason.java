package io.opsagent.attach;

/** Why an attach, stop or list did not work: each reason is a different fix for the user, so each has its own exit code. */
public enum Reason {
    NO_SUCH_PROCESS,
    NOT_A_JVM,
    OTHER_USER,
    ATTACH_DISABLED,
    NO_ATTACH_API,
    TARGET_CANNOT_LOAD,
    PORT_TAKEN,
    NOT_STARTED,
    NOT_RUNNING,
    FAILED
}
