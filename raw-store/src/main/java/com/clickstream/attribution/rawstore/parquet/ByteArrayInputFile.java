package com.clickstream.attribution.rawstore.parquet;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet {@link InputFile} over an object's bytes (raw objects are read whole: one GET, then decode). */
public final class ByteArrayInputFile implements InputFile {

    private final byte[] bytes;
    private final String name;

    public ByteArrayInputFile(byte[] bytes) {
        this(bytes, "memory");
    }

    /** @param name for messages only, e.g. the object key */
    public ByteArrayInputFile(byte[] bytes, String name) {
        this.bytes = Objects.requireNonNull(bytes, "bytes");
        this.name = name;
    }

    @Override
    public long getLength() {
        return bytes.length;
    }

    @Override
    public SeekableInputStream newStream() {
        return new Stream();
    }

    @Override
    public String toString() {
        return name;
    }

    private final class Stream extends SeekableInputStream {
        private int pos;

        @Override
        public long getPos() {
            return pos;
        }

        @Override
        public void seek(long newPos) throws IOException {
            if (newPos < 0 || newPos > bytes.length) {
                throw new EOFException("seek to " + newPos + " outside 0.." + bytes.length);
            }
            pos = (int) newPos;
        }

        @Override
        public int read() {
            return pos < bytes.length ? bytes[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(len, bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void readFully(byte[] b) throws IOException {
            readFully(b, 0, b.length);
        }

        @Override
        public void readFully(byte[] b, int off, int len) throws IOException {
            if (len > bytes.length - pos) {
                throw new EOFException("need " + len + " bytes at " + pos + ", file has " + bytes.length);
            }
            System.arraycopy(bytes, pos, b, off, len);
            pos += len;
        }

        @Override
        public int read(ByteBuffer buf) {
            if (!buf.hasRemaining()) {
                return 0;
            }
            if (pos >= bytes.length) {
                return -1;
            }
            int n = Math.min(buf.remaining(), bytes.length - pos);
            buf.put(bytes, pos, n);
            pos += n;
            return n;
        }

        @Override
        public void readFully(ByteBuffer buf) throws IOException {
            int n = buf.remaining();
            if (n > bytes.length - pos) {
                throw new EOFException("need " + n + " bytes at " + pos + ", file has " + bytes.length);
            }
            buf.put(bytes, pos, n);
            pos += n;
        }
    }
}
