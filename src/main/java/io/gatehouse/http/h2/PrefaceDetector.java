package io.gatehouse.http.h2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Looks at the first bytes of a plain connection: the HTTP/2 connection preface (RFC 9113 section
 * 3.4, prior knowledge) installs HTTP/2, anything else HTTP/1.x, decided at the first byte that
 * differs. It consumes nothing: the bytes seen go on to the chosen handlers when it leaves.
 */
final class PrefaceDetector extends ByteToMessageDecoder {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ProtocolChoice choice;

    PrefaceDetector(ProtocolChoice choice) {
        this.choice = choice;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        choice.start(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int seen = Math.min(in.readableBytes(), PREFACE.length);
        for (int i = 0; i < seen; i++) {
            if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
                decide(ctx, false);
                return;
            }
        }
        if (seen == PREFACE.length) {
            decide(ctx, true);
        }
    }

    private void decide(ChannelHandlerContext ctx, boolean http2) {
        choice.choose(ctx, http2);
        ctx.pipeline().remove(this);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        choice.stop();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Before a protocol is chosen no handler behind this one would take it: a reset is routine.
        ctx.close();
    }
}
