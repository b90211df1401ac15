package io.gatehouse.upstream.pool;

import io.gatehouse.http.DecodedHeaders;
import io.gatehouse.http.KnownHeaderNames;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
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

    @Override
    protected AsciiString splitHeaderName(byte[] bytes, int start, int length) {
        return DecodedHeaders.name(bytes, start, length);
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage message) {
        HttpResponse response = (HttpResponse) message;
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
