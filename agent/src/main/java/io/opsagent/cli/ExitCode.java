package io.opsagent.cli;

/** The CLI's exit codes, one per kind of failure, so scripts can tell them apart. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
