package io.gatehouse.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The bytes big test bodies carry: position i holds i mod 251, so a lost, repeated or moved block shows. */
public final class BodyPattern {

    private BodyPattern() {
    }

    public static byte at(long i) {
        return (byte) (i % 251);
    }

    /** {@code n} pattern bytes starting at {@code offset}, as a buffer to send. */
    public static ByteBuf piece(long offset, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = at(offset + i);
        }
        return Unpooled.wrappedBuffer(b);
    }

    public static void write(OutputStream out, long length) throws IOException {
        byte[] b = new byte[64 << 10];
        for (long at = 0; at < length; at += b.length) {
            int n = (int) Math.min(b.length, length - at);
            for (int i = 0; i < n; i++) {
                b[i] = at(at + i);
            }
            out.write(b, 0, n);
        }
    }

    /** Reads {@code in} to its end and returns how many bytes came, failing at the first one off the pattern. */
    public static long check(InputStream in) throws IOException {
        byte[] b = new byte[64 << 10];
        long count = 0;
        int n;
        while ((n = in.read(b)) >= 0) {
            check(b, n, count);
            count += n;
        }
        return count;
    }

    public static void check(byte[] b, int n, long offset) {
        for (int i = 0; i < n; i++) {
            if (b[i] != at(offset + i)) {
                throw new AssertionError("byte " + (offset + i) + " is " + b[i] + ", want " + at(offset + i));
            }
        }
    }

    /** A body of {@code length} pattern bytes made as it is read. */
    public static InputStream stream(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? at(position++) & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(len, length - position);
                for (int i = 0; i < n; i++) {
                    b[off + i] = at(position++);
                }
                return n;
            }
        };
    }
}
