package io.opsagent.http;

import io.opsagent.util.CidrRange;
import java.net.InetAddress;
import java.util.List;

/** {@code allow.cidrs}: connections from elsewhere are closed before a byte is read. Reloadable. */
final class ClientFilter {
    private volatile List<CidrRange> allowed;

    void allow(List<CidrRange> ranges) {
        this.allowed = ranges;
    }

    boolean admits(InetAddress a) {
        List<CidrRange> ranges = allowed;
        if (ranges == null) {
            return true;
        }
        for (CidrRange r : ranges) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
