package io.gatehouse.tls;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The little DER that reading keys needs: a cursor over the elements in bytes[pos, end), where
 * every step returns null on malformed input, and {@link #element} to write one element. Only
 * definite lengths of up to three bytes (16 MiB) are read or written, far above any key.
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;

    final byte[] bytes;
    int pos;
    final int end;
    /** The tag of the element whose content this is. */
    final int tag;

    /** A cursor over a whole encoding, which is no element's content. */
    static Der over(byte[] bytes) {
        return new Der(bytes, 0, bytes.length, -1);
    }

    private Der(byte[] bytes, int pos, int end, int tag) {
        this.bytes = bytes;
        this.pos = pos;
        this.end = end;
        this.tag = tag;
    }

    /** The next element's content when its tag is {@code expected}; the cursor moves past it. */
    Der enter(int expected) {
        Der content = enterAny();
        return content != null && content.tag == expected ? content : null;
    }

    /** The next element's content, whatever its tag; the cursor moves past it. */
    Der enterAny() {
        if (end - pos < 2) {
            return null;
        }
        int elementTag = bytes[pos] & 0xFF;
        int length = bytes[pos + 1] & 0xFF;
        int at = pos + 2;
        if (length > 0x80 && length <= 0x83) { // long form, up to three length bytes
            int count = length - 0x80;
            if (end - at < count) {
                return null;
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = length << 8 | bytes[at++] & 0xFF;
            }
        } else if (length >= 0x80) {
            return null;
        }
        if (length > end - at) {
            return null;
        }
        pos = at + length;
        return new Der(bytes, at, at + length, elementTag);
    }

    /** This content with its tag and length in front: the whole element as it was encoded. */
    byte[] element() {
        return element(tag, Arrays.copyOfRange(bytes, pos, end));
    }

    /** One element: {@code tag}, the length of the parts together, then the parts. */
    static byte[] element(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        if (length >= 1 << 24) {
            throw new IllegalArgumentException("a DER element of " + length + " bytes");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 5);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int count = length < 0x100 ? 1 : length < 0x10000 ? 2 : 3;
            out.write(0x80 + count);
            for (int shift = 8 * (count - 1); shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
