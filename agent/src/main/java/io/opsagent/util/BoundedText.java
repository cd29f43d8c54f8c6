package io.opsagent.util;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reads a peer's answer as UTF-8 text, at most {@code max} bytes, so a hostile or broken peer cannot fill the heap. */
public final class BoundedText {
    private BoundedText() {
    }

    /** The first {@code max} bytes of the stream (closed afterwards); "" for a null stream. */
    public static String read(InputStream in, int max) throws IOException {
        if (in == null) {
            return "";
        }
        try (InputStream i = in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while (out.size() < max && (n = i.read(buf, 0, Math.min(buf.length, max - out.size()))) > 0) {
                out.write(buf, 0, n);
            }
            return new String(out.toByteArray(), StandardCharsets.UTF_8);
        }
    }
}
