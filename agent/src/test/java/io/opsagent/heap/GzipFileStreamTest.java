package io.opsagent.heap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipFileStreamTest {
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, 65536, 65537, 1_000_003})
    void producesGzipThatTheJdkReadsBack(int size) throws IOException {
        byte[] data = new byte[size];
        Random r = new Random(size);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i % 7 == 0 ? r.nextInt() : i / 1000);
        }
        byte[] gz = readAll(new GzipFileStream(new ByteArrayInputStream(data)), 777);
        assertArrayEquals(data, readAll(new GZIPInputStream(new ByteArrayInputStream(gz)), 4096));
    }

    private static byte[] readAll(InputStream in, int chunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[chunk];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        in.close();
        return out.toByteArray();
    }
}
