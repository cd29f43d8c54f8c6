package io.opsagent.identity;

/** Why a JWT was refused; the caller answers 401 and audits the reason. */
public final class JwtRejected extends Exception {
    private static final long serialVersionUID = 1L;

    public JwtRejected(String why) {
        super(why, null, false, false);
    }
}
