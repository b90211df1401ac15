package io.gatehouse.http.h1;

import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.server.Gateway;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;

/**
 * The end of an HTTP/1.x client connection, after the decoder and encoder: passes decoded
 * requests to the connection's {@link ClientExchanges} and writes what they answer.
 */
public final class Http1ServerHandler extends ChannelDuplexHandler implements ClientEnd, ProtocolSwitch {

    private final String scheme;
    private final ResponseEncoder encoder;
    private final ClientExchanges exchanges;
    private ChannelHandlerContext ctx;

    /** The encoder is told which responses answer HEAD. */
    Http1ServerHandler(Gateway gateway, String scheme, ResponseEncoder encoder) {
        this.scheme = scheme;
        this.encoder = encoder;
        this.exchanges = new ClientExchanges(gateway, this, false, this);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        exchanges.start(ClientInfo.of(ctx.channel(), scheme));
        ctx.fireChannelActive();
    }

    /** Bytes of a new request arrived (seen before the decoder). */
    void onRequestBytes() {
        exchanges.onRequestBytes();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject message) {
            exchanges.onMessage(message);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        exchanges.onReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        exchanges.onWritabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        exchanges.onClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exchanges.onError(cause);
        ctx.close();
    }

    /**
     * The connection opened with the HTTP/2 preface: this handler and the encoder leave the
     * pipeline before any request was read, so there is nothing to finish but the head timer.
     */
    void leave() {
        exchanges.onClosed();
        ctx.pipeline().remove(encoder).remove(this);
    }

    /** Shutdown: close if idle, else close after the current response. */
    public void drain() {
        exchanges.drain();
    }

    // ---- ClientEnd and ProtocolSwitch ----

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void write(HttpObject message) {
        ctx.write(message, ctx.voidPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    @Override
    public void writeAndClose(HttpObject message) {
        ctx.writeAndFlush(message).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void close() {
        ctx.close();
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
    }

    @Override
    public void setReading(boolean reading) {
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead() != reading) {
            config.setAutoRead(reading);
        }
    }

    @Override
    public void answeringHead(boolean head) {
        encoder.answeringHead(head);
    }

    @Override
    public void holdRequestBytes() {
        ctx.pipeline().get(StrictRequestDecoder.class).holdRest();
    }

    @Override
    public Channel switchToRelay(ChannelHandler relay) {
        ctx.flush();
        ChannelPipeline pipeline = ctx.pipeline();
        pipeline.addLast(relay);
        pipeline.remove(encoder);
        pipeline.remove(this);
        // Leaving, the decoder passes the bytes it held on to the relay.
        pipeline.remove(StrictRequestDecoder.class);
        return ctx.channel();
    }
}
