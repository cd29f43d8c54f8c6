package io.opsagent.cli.attach;

/** A failure the user can act on: what went wrong, in one line, and what to do about it. */
public final class AttachException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Reason reason;
    private final String hint;

    public AttachException(Reason reason, String what, String hint) {
        super(what);
        this.reason = reason;
        this.hint = hint;
    }

    public Reason reason() {
        return reason;
    }

    public String hint() {
        return hint;
    }

    /** The line the CLI prints: the cause, then what to do. */
    public String line() {
        return getMessage() + (hint == null || hint.isEmpty() ? "" : "; " + hint);
    }
}
