package io.gatehouse.http;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.Iterator;
import java.util.Map.Entry;

/**
 * Writes the header fields of a message head ({@code name: value} and CRLF each) into a buffer,
 * assembled first in a per-thread byte array and copied into the buffer in one piece. Netty's
 * HTTP/1.x encoders copy each name and value separately, and with Netty's adaptive allocator
 * every copy of a byte array into a direct buffer makes a new NIO view of that buffer: about
 * twenty per proxied request. The bytes are the same as Netty's: each character as its
 * ISO-8859-1 byte, a character above U+00FF as {@code ?}.
 */
public final class HeaderBlock {

    private static final int SCRATCH_SIZE = 4096;
    private static final FastThreadLocal<byte[]> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
            return new byte[SCRATCH_SIZE];
        }
    };

    private HeaderBlock() {
    }

    public static void write(HttpHeaders headers, ByteBuf buf) {
        byte[] scratch = SCRATCH.get();
        int at = 0;
        for (Iterator<Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            Entry<CharSequence, CharSequence> field = it.next();
            CharSequence name = field.getKey();
            CharSequence value = field.getValue();
            int size = name.length() + value.length() + 4;
            if (at + size > scratch.length) {
                buf.writeBytes(scratch, 0, at);
                at = 0;
                if (size > scratch.length) {
                    // A field larger than the scratch array (rare: up to the header size limits).
                    byte[] large = new byte[size];
                    buf.writeBytes(large, 0, put(name, value, large, 0));
                    continue;
                }
            }
            at = put(name, value, scratch, at);
        }
        if (at > 0) {
            buf.writeBytes(scratch, 0, at);
        }
    }

    /** One field at {@code at}; returns the index after it. */
    private static int put(CharSequence name, CharSequence value, byte[] out, int at) {
        at = put(name, out, at);
        out[at++] = ':';
        out[at++] = ' ';
        at = put(value, out, at);
        out[at++] = '\r';
        out[at++] = '\n';
        return at;
    }

    private static int put(CharSequence text, byte[] out, int at) {
        int length = text.length();
        if (text instanceof AsciiString ascii) {
            System.arraycopy(ascii.array(), ascii.arrayOffset(), out, at, length);
        } else {
            for (int i = 0; i < length; i++) {
                out[at + i] = AsciiString.c2b(text.charAt(i));
            }
        }
        return at + length;
    }
}
