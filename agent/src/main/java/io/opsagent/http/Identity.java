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

    Identity(Role role, boolean dump, String subject) {
        this.role = role;
        this.dump = dump;
        this.subject = subject;
    }

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
        Role r = role.atLeast(other.role) ? role : other.role;
        String s = subject == null ? other.subject : other.subject == null ? subject : subject + "; " + other.subject;
        return new Identity(r, dump || other.dump, s);
    }
}
