package io.opsagent.http;

/**
 * Who a caller proved to be: a role, whether it holds the dump permission, and a subject for the audit
 * log (a certificate's subject or a token's {@code sub}; null for the static tokens and no credential).
 */
public final class Identity {
    static final Identity NONE = new Identity(Role.PUBLIC, false, null);

    private final Role role;
    private final boolean dump;
    private final String subject;
    private final String refusal;

    Identity(Role role, boolean dump, String subject) {
        this(role, dump, subject, null);
    }

    private Identity(Role role, boolean dump, String subject, String refusal) {
        this.role = role;
        this.dump = dump;
        this.subject = subject;
        this.refusal = refusal;
    }

    /** A credential that was sent and is not valid (401), with why: for the audit log, not for the caller. */
    static Identity refused(String why, String subject) {
        return new Identity(null, false, subject, why);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    /** Why the credential was refused, or null. */
    public String refusal() {
        return refusal;
    }

    /** Null when refused. */
    public Role role() {
        return role;
    }

    /** May take and download heap dumps, JFR recordings and profiles. */
    public boolean mayDump() {
        return dump;
    }

    public String subject() {
        return subject;
    }

    /** What both credentials grant together (a client certificate and a token on the same request). */
    Identity and(Identity other) {
        if (other.isRefused()) {
            return refused(other.refusal, subject);
        }
        Role r = role.atLeast(other.role) ? role : other.role;
        String s = subject == null ? other.subject : other.subject == null ? subject : subject + "; " + other.subject;
        return new Identity(r, dump || other.dump, s);
    }
}
