package io.opsagent.heap;

import io.opsagent.http.FileRegion;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;

/** Bytes {@code first..first+length-1} of a file, for stored dumps and Range answers; sent with sendfile where it can be. */
public final class FileSlice extends InputStream implements FileRegion {
    private final RandomAccessFile file;
    private long left;

    public FileSlice(java.nio.file.Path path, long first, long length) throws IOException {
        this.file = new RandomAccessFile(path.toFile(), "r");
        try {
            file.seek(first);
        } catch (IOException e) {
            file.close();
            throw e;
        }
        this.left = length;
    }

    @Override
    public int read() throws IOException {
        if (left <= 0) {
            return -1;
        }
        int b = file.read();
        if (b >= 0) {
            left--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (left <= 0) {
            return -1;
        }
        int n = file.read(b, off, (int) Math.min(len, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    @Override
    public FileChannel channel() {
        return file.getChannel();
    }

    @Override
    public long position() {
        try {
            return file.getFilePointer();
        } catch (IOException e) {
            throw new IllegalStateException("the dump file is closed", e);
        }
    }

    @Override
    public void sent(long n) {
        try {
            file.seek(file.getFilePointer() + n);
        } catch (IOException e) {
            throw new IllegalStateException("the dump file is closed", e);
        }
        left -= n;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
