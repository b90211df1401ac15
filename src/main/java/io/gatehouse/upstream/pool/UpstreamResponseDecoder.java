package io.gatehouse.upstream.pool;

import io.gatehouse.http.DecodedHeaders;
import io.gatehouse.http.KnownHeaderNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Decodes an upstream server's responses, knowing which request each one answers: a response to
 * {@code HEAD} has no body whatever its headers say. An upstream connection carries one request at
 * a time, so the last request written is the one answered ({@link UpstreamRequestEncoder} tells).
 * The usual header names come from {@link KnownHeaderNames}; the others are checked as they are
 * decoded ({@link DecodedHeaders}).
 *
 * <p>This and its encoder do what Netty's {@code HttpClientCodec} does for Gatehouse, as two plain
 * handlers: the combined codec wraps both in an extra handler context that every read and write
 * passes through.
 */
final class UpstreamResponseDecoder extends HttpResponseDecoder {

    /** The method of the request whose final response comes next, or {@code null}. */
    private HttpMethod awaited;
    /** No request is waiting for its response: any byte read now breaks the protocol. */
    private boolean idle = true;

    UpstreamResponseDecoder(HttpDecoderConfig config) {
        super(config);
    }

    /** A request went out: its final response comes next. */
    void requestSent(HttpMethod method) {
        awaited = method;
        idle = false;
    }

    /** The response ended: nothing may arrive until the next request. */
    void responseEnded() {
        idle = true;
    }

    /** Bytes beyond the response just decoded are already read: the server sent more than it declared. */
    boolean holdsUnreadBytes() {
        return actualReadableBytes() > 0;
    }

    /**
     * Bytes that no request asked for (after a response that declared fewer, or on an idle
     * connection) cannot be trusted as the start of the next response, and may be an attempt to
     * answer another client's request: the connection is retired, whether or not they make up a
     * whole line.
     */
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (idle && buffer.isReadable()) {
            buffer.skipBytes(buffer.readableBytes());
            ctx.close();
            return;
        }
        super.decode(ctx, buffer, out);
    }

    /**
     * Netty ends a response field's name at the first space or tab and skips whatever follows up
     * to the colon, which would read {@code Transfer-Encoding x: chunked} as {@code
     * Transfer-Encoding}. Only whitespace may sit there, which a proxy removes (RFC 9112 section
     * 5.1); anything else makes the response invalid (502), as nginx answers it.
     */
    @Override
    protected AsciiString splitHeaderName(byte[] bytes, int start, int length) {
        int at = start + length;
        while (at < bytes.length && (bytes[at] == ' ' || bytes[at] == '\t')) {
            at++;
        }
        if (at == bytes.length || bytes[at] != ':') {
            throw new IllegalArgumentException("invalid header field name: whitespace inside it");
        }
        return DecodedHeaders.name(bytes, start, length);
    }

    /** A status code is three digits from 100 to 599 (RFC 9110 section 15); anything else is an invalid response. */
    @Override
    protected HttpMessage createMessage(String[] initialLine) {
        HttpMessage message = super.createMessage(initialLine);
        int code = ((HttpResponse) message).status().code();
        if (initialLine[1].length() != 3 || code < 100 || code > 599) {
            throw new IllegalArgumentException("invalid status code " + initialLine[1]);
        }
        return message;
    }

    /**
     * Called once the head's fields are read and before its body's framing is chosen, so it is also
     * where the framing is checked: only exactly {@code chunked} frames a body that Gatehouse can
     * pass on, since any other transfer coding would reach the client still applied (nginx
     * answers such a response 502 too). A failure here makes the response invalid.
     */
    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        HttpResponse response = (HttpResponse) message;
        String codings = response.headers().get(HttpHeaderNames.TRANSFER_ENCODING);
        if (codings != null && (!"chunked".equalsIgnoreCase(codings.trim())
                || response.headers().getAll(HttpHeaderNames.TRANSFER_ENCODING).size() != 1)) {
            throw new IllegalArgumentException("unsupported Transfer-Encoding: " + codings);
        }
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            // Interim responses come before the final one, which still answers the same request.
            return super.isContentAlwaysEmpty(message);
        }
        HttpMethod method = awaited;
        awaited = null;
        if (HttpMethod.HEAD.equals(method)) {
            return true;
        }
        return super.isContentAlwaysEmpty(message);
    }
}
