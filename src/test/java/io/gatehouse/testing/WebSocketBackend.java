package io.gatehouse.testing;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real WebSocket server (Netty's) for tests, at path {@code /ws}: greets each client with a text
 * message {@code welcome}, then echoes every message, except the text {@code flood N}, which it
 * answers with N binary messages of {@link #FLOOD_MESSAGE} bytes, written only as fast as the
 * connection takes them (so the backend itself holds little). Other paths get 404. Records the headers of
 * each handshake request and counts the WebSocket connections still open.
 */
public final class WebSocketBackend implements AutoCloseable {

    private static final int MAX_MESSAGE = 8 << 20;
    public static final int FLOOD_MESSAGE = 60_000;
    private static final byte[] FLOOD_BYTES = new byte[FLOOD_MESSAGE];

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final BlockingQueue<HttpHeaders> handshakes = new LinkedBlockingQueue<>();
    private final AtomicInteger open = new AtomicInteger();

    private WebSocketBackend() throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16),
                                new HandshakeRecorder(),
                                new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                                        .websocketPath("/ws").maxFramePayloadLength(MAX_MESSAGE).build()),
                                new Echo());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    public static WebSocketBackend start() throws InterruptedException {
        return new WebSocketBackend();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** The headers of the next handshake request (waits up to 5 s). */
    public HttpHeaders takeHandshake() throws InterruptedException {
        HttpHeaders h = handshakes.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        if (h == null) {
            throw new AssertionError("no handshake reached the backend");
        }
        return h;
    }

    /** WebSocket connections open now. */
    public int openConnections() {
        return open.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Records handshake requests; answers 404 to anything not for {@code /ws}. */
    private final class HandshakeRecorder extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof FullHttpRequest request) {
                if (!request.uri().startsWith("/ws")) {
                    request.release();
                    DefaultFullHttpResponse notFound = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.NOT_FOUND, Unpooled.copiedBuffer("no such socket".getBytes()));
                    notFound.headers().set(HttpHeaderNames.CONTENT_LENGTH, notFound.content().readableBytes());
                    ctx.writeAndFlush(notFound);
                    return;
                }
                handshakes.add(request.headers().copy());
            }
            ctx.fireChannelRead(msg);
        }
    }

    private final class Echo extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                open.incrementAndGet();
                ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
                ctx.writeAndFlush(new TextWebSocketFrame("welcome"));
            }
            ctx.fireUserEventTriggered(evt);
        }

        private int floodLeft;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof TextWebSocketFrame text && text.text().startsWith("flood ")) {
                floodLeft = Integer.parseInt(text.text().substring(6));
                flood(ctx);
            } else {
                ctx.writeAndFlush(frame.retain());
            }
        }

        private void flood(ChannelHandlerContext ctx) {
            while (floodLeft > 0 && ctx.channel().isWritable()) {
                ctx.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(FLOOD_BYTES)));
                floodLeft--;
            }
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && floodLeft > 0) {
                flood(ctx);
            }
            ctx.fireChannelWritabilityChanged();
        }
    }
}
