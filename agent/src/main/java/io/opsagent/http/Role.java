package io.opsagent.http;

/** Who a caller is: no token, the read-only monitor token, or the operator token. Ordered by power. */
public enum Role {
    PUBLIC, MONITOR, OPERATOR;

    public boolean atLeast(Role other) {
        return compareTo(other) >= 0;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
