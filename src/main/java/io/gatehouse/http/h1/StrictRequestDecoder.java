package io.gatehouse.http.h1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Netty's request decoder with two changes:
 * <ul>
 * <li>A request with both Content-Length and Transfer-Encoding is a failed decode (answered 400),
 * not silently reframed as chunked (RFC 9112 6.1: a server MAY reject it; a proxy should, as the
 * two framings invite smuggling).</li>
 * <li>On a plain listener that also takes HTTP/2 with prior knowledge, a connection whose first
 * line names no {@code HTTP/} version is not HTTP/1.x at all but a broken HTTP/2 connection preface:
 * it is closed without an answer, as RFC 9113 section 3.4 asks, instead of getting an HTTP/1.1
 * 400 the peer would not understand.</li>
 * </ul>
 * It also tells the connection handler, if any, that bytes arrived, so an idle keep-alive
 * connection switches from the keepalive timeout to the (shorter) request-head timeout.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {

    private final Http1ServerHandler handler;
    private boolean firstLineMayBePreface;
    private boolean brokenPreface;

    /** @param handler the connection handler told of arriving bytes, or {@code null} */
    StrictRequestDecoder(HttpDecoderConfig config, boolean firstLineMayBePreface, Http1ServerHandler handler) {
        super(config);
        this.firstLineMayBePreface = firstLineMayBePreface;
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (handler != null) {
            handler.onRequestBytes();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected HttpMessage createMessage(String[] initialLine) throws Exception {
        if (firstLineMayBePreface) {
            firstLineMayBePreface = false;
            // A malformed HTTP/1.x line ("GET /a b HTTP/1.1") still names its version: that one gets 400.
            if (!initialLine[1].contains("HTTP/") && !initialLine[2].contains("HTTP/")) {
                brokenPreface = true;
            }
        }
        return super.createMessage(initialLine);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (brokenPreface) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        super.decode(ctx, buffer, out);
        if (brokenPreface) {
            out.forEach(ReferenceCountUtil::release);
            out.clear();
            buffer.skipBytes(buffer.readableBytes());
            ctx.close();
        }
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        throw new IllegalArgumentException("both Content-Length and Transfer-Encoding");
    }
}
