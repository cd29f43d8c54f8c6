package io.opsagent.util;

import java.security.SecureRandom;

/** Unguessable identifiers: tokens, nonces, dump ids. */
public final class RandomHex {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomHex() {
    }

    /** {@code bytes} random bytes as lower-case hex (twice as many characters). */
    public static String of(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return hex(b);
    }

    /** Bytes as lower-case hex (digests, ids). */
    public static String hex(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 2);
        for (byte x : bytes) {
            sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return sb.toString();
    }
}
