package io.gatehouse.upstream.pool;

import io.gatehouse.http.HeaderBlock;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestEncoder;
import java.util.List;

/**
 * Encodes requests to an upstream server (header fields through {@link HeaderBlock}) and tells the
 * connection's decoder which one is answered next.
 */
final class UpstreamRequestEncoder extends HttpRequestEncoder {

    private final UpstreamResponseDecoder decoder;

    UpstreamRequestEncoder(UpstreamResponseDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws Exception {
        if (msg instanceof HttpRequest request) {
            decoder.requestSent(request.method());
        }
        super.encode(ctx, msg, out);
    }

    @Override
    protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
        HeaderBlock.write(headers, buf);
    }
}
