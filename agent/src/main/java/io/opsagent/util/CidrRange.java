package io.opsagent.util;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address range such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code ::1/128}. Literal addresses only: no DNS. */
public final class CidrRange {
    private final byte[] network;
    private final int bits;
    private final String text;

    private CidrRange(byte[] network, int bits, String text) {
        this.network = network;
        this.bits = bits;
        this.text = text;
    }

    public static CidrRange parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + t + "' is not an address range such as 10.0.0.0/8 or ::1/128");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + t + "' is not an address range such as 10.0.0.0/8 or ::1/128");
        }
        int max = bytes.length * 8;
        int bits = max;
        if (slash >= 0) {
            try {
                bits = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("'" + t + "' has a prefix length outside 0.." + max);
            }
        }
        return new CidrRange(bytes, bits, t);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            a = mapped(a, network.length);
            if (a == null) {
                return false;
            }
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    /** IPv4-mapped IPv6 addresses (::ffff:a.b.c.d) match IPv4 ranges and the reverse. */
    private static byte[] mapped(byte[] a, int wanted) {
        if (a.length == 16 && wanted == 4) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return null;
                }
            }
            if ((a[10] & 0xff) != 0xff || (a[11] & 0xff) != 0xff) {
                return null;
            }
            return new byte[] {a[12], a[13], a[14], a[15]};
        }
        return null;
    }

    @Override
    public String toString() {
        return text;
    }
}
