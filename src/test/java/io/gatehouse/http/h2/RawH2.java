package io.gatehouse.http.h2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * HTTP/2 frames written by hand on a blocking socket (cleartext, prior knowledge), for tests that
 * break the protocol's rules on purpose. Header blocks are HPACK-coded with Netty's coder; every
 * HEADERS frame read is decoded, in order, so the HPACK state stays in step with the server's.
 */
final class RawH2 implements AutoCloseable {

    static final int DATA = 0x0;
    static final int HEADERS = 0x1;
    static final int RST_STREAM = 0x3;
    static final int SETTINGS = 0x4;
    static final int PING = 0x6;
    static final int GOAWAY = 0x7;
    static final int CONTINUATION = 0x9;
    static final int END_STREAM = 0x1;
    static final int END_HEADERS = 0x4;
    static final long NO_ERROR = 0x0;
    static final long PROTOCOL_ERROR = 0x1;
    static final long CANCEL = 0x8;
    static final long REFUSED_STREAM = 0x7;
    static final long ENHANCE_YOUR_CALM = 0xb;
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_FRAME = 16_384;

    /** One frame read; {@code headers} is the decoded block of a HEADERS frame. */
    record Frame(int type, int flags, int stream, byte[] payload, Http2Headers headers) {
        /** The error code of a RST_STREAM or GOAWAY frame. */
        long errorCode() {
            ByteBuffer b = ByteBuffer.wrap(payload);
            return Integer.toUnsignedLong(type == GOAWAY ? b.getInt(4) : b.getInt(0));
        }

        boolean endsStream() {
            return (flags & END_STREAM) != 0 && (type == DATA || type == HEADERS);
        }
    }

    /** How a field of an HPACK block is represented (RFC 7541 section 6). */
    enum Field { INDEXED, INCREMENTAL_INDEXING, WITHOUT_INDEXING, NEVER_INDEXED, TABLE_SIZE_UPDATE }

    /** The representation of each field of an HPACK block, in order (names and values are skipped, not decoded). */
    static List<Field> fields(byte[] block) {
        List<Field> fields = new ArrayList<>();
        int[] at = {0};
        while (at[0] < block.length) {
            int first = block[at[0]] & 0xFF;
            if ((first & 0x80) != 0) {
                fields.add(Field.INDEXED);
                integer(block, at, 7);
            } else if ((first & 0x40) != 0) {
                fields.add(Field.INCREMENTAL_INDEXING);
                skipLiteral(block, at, 6);
            } else if ((first & 0x20) != 0) {
                fields.add(Field.TABLE_SIZE_UPDATE);
                integer(block, at, 5);
            } else {
                fields.add((first & 0x10) != 0 ? Field.NEVER_INDEXED : Field.WITHOUT_INDEXING);
                skipLiteral(block, at, 4);
            }
        }
        return fields;
    }

    /** A literal field: an indexed name or a name string, then the value string. */
    private static void skipLiteral(byte[] block, int[] at, int prefixBits) {
        if (integer(block, at, prefixBits) == 0) {
            skipString(block, at);
        }
        skipString(block, at);
    }

    private static void skipString(byte[] block, int[] at) {
        int length = integer(block, at, 7); // read first: it moves at[0] past the length
        at[0] += length;
    }

    /** An HPACK integer (RFC 7541 section 5.1) at {@code at[0]}, which moves past it. */
    private static int integer(byte[] block, int[] at, int prefixBits) {
        int max = (1 << prefixBits) - 1;
        int value = block[at[0]++] & max;
        if (value < max) {
            return value;
        }
        int shift = 0;
        int next;
        do {
            next = block[at[0]++] & 0xFF;
            value += (next & 0x7F) << shift;
            shift += 7;
        } while ((next & 0x80) != 0);
        return value;
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);

    private RawH2(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 << 10);
    }

    /**
     * Connects and sends the preface with empty SETTINGS. The server's SETTINGS are never
     * acknowledged, so its limits must hold without that.
     */
    static RawH2 connect(int port) throws IOException {
        return connect(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer, small for a client that does not read; 0 for the default */
    static RawH2 connect(int port, int receiveBuffer) throws IOException {
        RawH2 h2 = over(socket(port, receiveBuffer));
        h2.out.write(PREFACE);
        return h2.frame(SETTINGS, 0, 0, new byte[0]).flush();
    }

    /** A connected socket with a 5 s read timeout. */
    static Socket socket(int port, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(5_000);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return socket;
    }

    /** Frames on a socket whose preface was already sent. */
    static RawH2 over(Socket socket) throws IOException {
        return new RawH2(socket);
    }

    /** A GET request's headers, unchecked so that tests can add what HTTP/2 forbids. */
    static Http2Headers get(String path) {
        return new DefaultHttp2Headers(false, false, 16).method("GET").path(path).scheme("http").authority("raw.test");
    }

    RawH2 frame(int type, int flags, int stream, byte[] payload) throws IOException {
        int n = payload.length;
        out.write(new byte[] {(byte) (n >>> 16), (byte) (n >>> 8), (byte) n, (byte) type, (byte) flags,
                (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8), (byte) stream});
        out.write(payload);
        return this;
    }

    RawH2 flush() throws IOException {
        out.flush();
        return this;
    }

    /** A HEADERS frame, followed by CONTINUATION frames when the block is larger than one frame. */
    RawH2 headers(int stream, Http2Headers headers, boolean endStream) throws IOException {
        byte[] block = block(headers);
        int first = Math.min(block.length, MAX_FRAME);
        int flags = (endStream ? END_STREAM : 0) | (first == block.length ? END_HEADERS : 0);
        frame(HEADERS, flags, stream, Arrays.copyOfRange(block, 0, first));
        for (int at = first; at < block.length; at += MAX_FRAME) {
            int end = Math.min(block.length, at + MAX_FRAME);
            frame(CONTINUATION, end == block.length ? END_HEADERS : 0, stream, Arrays.copyOfRange(block, at, end));
        }
        return this;
    }

    /** The HPACK block of {@code headers}. */
    byte[] block(Http2Headers headers) throws IOException {
        ByteBuf buf = Unpooled.buffer();
        try {
            encoder.encodeHeaders(1, headers, buf);
            return ByteBufUtil.getBytes(buf);
        } catch (Http2Exception e) {
            throw new IOException(e);
        } finally {
            buf.release();
        }
    }

    static byte[] errorCode(long code) {
        return ByteBuffer.allocate(4).putInt((int) code).array();
    }

    /** The next frame, or {@code null} when the server closed the connection (also by a reset). */
    Frame read() throws IOException {
        byte[] header = new byte[9];
        try {
            in.readFully(header);
            int length = (header[0] & 0xFF) << 16 | (header[1] & 0xFF) << 8 | (header[2] & 0xFF);
            byte[] payload = new byte[length];
            in.readFully(payload);
            int stream = ByteBuffer.wrap(header, 5, 4).getInt() & 0x7FFF_FFFF;
            int type = header[3];
            return new Frame(type, header[4], stream, payload, type == HEADERS ? decode(stream, payload) : null);
        } catch (EOFException | SocketException e) {
            return null;
        }
    }

    private Http2Headers decode(int stream, byte[] block) throws IOException {
        ByteBuf buf = Unpooled.wrappedBuffer(block);
        try {
            return decoder.decodeHeaders(stream, buf);
        } catch (Http2Exception e) {
            throw new IOException(e);
        } finally {
            buf.release();
        }
    }

    /** Reads until a frame of {@code type} on {@code stream}; {@code null} if the connection ends first. */
    Frame await(int type, int stream) throws IOException {
        Frame f;
        while ((f = read()) != null) {
            if (f.type() == type && f.stream() == stream) {
                return f;
            }
        }
        return null;
    }

    /** Reads to the end of the connection and returns the last GOAWAY frame on the way, or {@code null}. */
    Frame goAwayThenClose() throws IOException {
        Frame goAway = null;
        Frame f;
        while ((f = read()) != null) {
            if (f.type() == GOAWAY) {
                goAway = f;
            }
        }
        return goAway;
    }

    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
