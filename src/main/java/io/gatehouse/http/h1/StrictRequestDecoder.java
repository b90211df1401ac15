package io.gatehouse.http.h1;

import io.gatehouse.config.LimitsConfig;
import io.gatehouse.http.DecodedHeaders;
import io.gatehouse.http.KnownHeaderNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Netty's request decoder with three changes:
 * <ul>
 * <li>A request with both Content-Length and Transfer-Encoding is a failed decode (answered 400),
 * not silently reframed as chunked (RFC 9112 6.1: a server MAY reject it; a proxy should, as the
 * two framings invite smuggling).</li>
 * <li>On a plain listener that also takes HTTP/2 with prior knowledge, a connection that opens
 * with the HTTP/2 connection preface is handed over to HTTP/2: the HTTP/1.x handlers leave the
 * pipeline and the bytes read so far, preface included, go to the HTTP/2 codec. Checking here
 * instead of in a handler of its own spares every HTTP/1.x connection a handler and a timer.</li>
 * <li>On such a listener, a connection whose first line names no {@code HTTP/} version is not
 * HTTP/1.x at all but a broken HTTP/2 connection preface: it is closed without an answer, as
 * RFC 9113 section 3.4 asks, instead of getting an HTTP/1.1 400 the peer would not understand.</li>
 * </ul>
 * It also counts the bytes of each request head, so that {@code max_header_size} bounds the whole
 * head (request line and header fields), not the header fields alone (see {@link #checkHeadSize}).
 * It tells the connection handler, if any, that bytes arrived, so an idle keep-alive
 * connection switches from the keepalive timeout to the (shorter) request-head timeout, and it
 * takes the usual header names from {@link KnownHeaderNames} and checks the others itself
 * ({@link DecodedHeaders}).
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Http1ServerHandler handler;
    private final int maxHeadSize;
    private final int maxUriLength;
    /** Bytes read of the current request head so far. */
    private int headBytes;
    private final Consumer<ChannelPipeline> http2;
    private boolean prefaceUndecided;
    private boolean firstLineMayBePreface;
    private boolean brokenPreface;
    /** The last request asked to switch protocols: the bytes after it stay unread (see {@link #holdRest}). */
    private boolean holding;
    /** The request line being made into a request, until that succeeds (see {@link #createInvalidMessage}). */
    private String[] lineInProgress;

    /**
     * @param handler the connection handler told of arriving bytes, or {@code null}
     * @param http2 installs the HTTP/2 handlers when the connection opens with the preface, or
     *              {@code null} where HTTP/2 with prior knowledge is not taken
     */
    StrictRequestDecoder(HttpDecoderConfig config, LimitsConfig limits, Http1ServerHandler handler,
                         Consumer<ChannelPipeline> http2) {
        super(config);
        this.maxHeadSize = limits.maxHeaderSize();
        this.maxUriLength = limits.maxUriLength();
        this.handler = handler;
        this.http2 = http2;
        this.prefaceUndecided = http2 != null;
        this.firstLineMayBePreface = http2 != null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        // Bytes that may still be the HTTP/2 preface are not (yet) HTTP/1.x request bytes.
        if (handler != null && !prefaceUndecided) {
            handler.onRequestBytes();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        lineInProgress = initialLine;
        HttpMessage request = checkedMessage(initialLine);
        lineInProgress = null;
        return request;
    }

    private HttpMessage checkedMessage(String[] initialLine) throws Exception {
        if (firstLineMayBePreface) {
            firstLineMayBePreface = false;
            // A malformed HTTP/1.x line ("GET /a b HTTP/1.1", "GET / http/1.1") still names a
            // version or a request target: that one gets 400.
            if (!namesAVersion(initialLine) && !isTargetLike(initialLine[1])) {
                brokenPreface = true;
                return super.createMessage(initialLine);
            }
        }
        checkVersion(initialLine[2]);
        return super.createMessage(initialLine);
    }

    /**
     * What Netty's decoder passes on for a request it could not make: one that keeps the refused
     * request line's parts, where it got that far, instead of Netty's {@code GET /bad-request}.
     */
    @Override
    protected HttpMessage createInvalidMessage() {
        String[] line = lineInProgress;
        lineInProgress = null;
        HttpMessage refused = line == null ? null : RefusedRequestLine.of(line, headersFactory, trailersFactory);
        return refused != null ? refused : super.createInvalidMessage();
    }

    private static boolean namesAVersion(String[] initialLine) {
        return initialLine[1].toUpperCase(Locale.ROOT).contains("HTTP/")
                || initialLine[2].toUpperCase(Locale.ROOT).contains("HTTP/");
    }

    private static boolean isTargetLike(String target) {
        return target.startsWith("/") || target.equals("*") || target.contains("://");
    }

    /**
     * The version must be {@code HTTP/} (case-sensitive, RFC 9112 section 2.3) and one digit, a dot,
     * one digit; a major version other than 1 is one this server does not speak in HTTP/1 syntax.
     */
    private static void checkVersion(String version) {
        if (version.length() != 8 || !version.startsWith("HTTP/") || !isDigit(version.charAt(5))
                || version.charAt(6) != '.' || !isDigit(version.charAt(7))) {
            throw new IllegalArgumentException("malformed HTTP version: " + version);
        }
        if (version.charAt(5) != '1') {
            throw new UnsupportedVersionException(version);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The request just decoded asks to switch protocols: what follows its head belongs to the new
     * protocol. It stays here undecoded; when the switch happens, leaving the pipeline hands it to
     * whatever relays the connection, and otherwise the connection closes with it unread.
     */
    void holdRest() {
        holding = true;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (holding) {
            return;
        }
        if (prefaceUndecided) {
            // Decided at the first byte that differs from the preface, or once all of it is in.
            if (!startsLikePreface(buffer)) {
                prefaceUndecided = false;
                handler.onRequestBytes();
            } else if (buffer.readableBytes() < PREFACE.length) {
                return;
            } else {
                prefaceUndecided = false;
                switchToHttp2(ctx);
                return;
            }
        }
        if (brokenPreface) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        int readBefore = buffer.readerIndex();
        int outBefore = out.size();
        super.decode(ctx, buffer, out);
        countHead(buffer.readerIndex() - readBefore, out, outBefore);
        if (brokenPreface) {
            out.forEach(ReferenceCountUtil::release);
            out.clear();
            buffer.skipBytes(buffer.readableBytes());
            ctx.close();
        }
    }

    /**
     * Adds {@code read} bytes to the current head. Netty's decoder returns once a head is complete
     * and once a message ends, so the bytes read since the last message ended, up to a request
     * head, are that head.
     */
    private void countHead(int read, List<Object> out, int outBefore) {
        headBytes += read;
        for (int i = outBefore; i < out.size(); i++) {
            Object message = out.get(i);
            if (message instanceof HttpRequest request) {
                checkHeadSize(request);
                headBytes = 0;
            } else if (message instanceof LastHttpContent) {
                headBytes = 0;
            }
        }
    }

    /**
     * A head larger than max_header_size as a whole fails as too large (431), unless its target is
     * over max_uri_length, which the limits phase answers with the more telling 414.
     */
    private void checkHeadSize(HttpRequest request) {
        if (headBytes > maxHeadSize && request.decoderResult().isSuccess() && request.uri().length() <= maxUriLength) {
            request.setDecoderResult(DecoderResult.failure(new TooLongHttpHeaderException(
                    "request head of " + headBytes + " bytes is larger than " + maxHeadSize)));
        }
    }

    private static boolean startsLikePreface(ByteBuf buffer) {
        int seen = Math.min(buffer.readableBytes(), PREFACE.length);
        for (int i = 0; i < seen; i++) {
            if (buffer.getByte(buffer.readerIndex() + i) != PREFACE[i]) {
                return false;
            }
        }
        return true;
    }

    private void switchToHttp2(ChannelHandlerContext ctx) {
        handler.leave();
        http2.accept(ctx.pipeline());
        // Leaving, the decoder passes the bytes it holds, preface included, to the HTTP/2 codec.
        ctx.pipeline().remove(this);
    }

    @Override
    protected AsciiString splitHeaderName(byte[] bytes, int start, int length) {
        return DecodedHeaders.name(bytes, start, length);
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
    }
}
