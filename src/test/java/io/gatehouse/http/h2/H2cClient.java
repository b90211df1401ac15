package io.gatehouse.http.h2;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A small HTTP/2 client for tests: cleartext with prior knowledge, on Netty's frame codec, one
 * child channel per request. Responses can be paused (their stream stops reading, so its window
 * stays closed) and uploads are written only as fast as the stream's flow-control window allows.
 */
final class H2cClient implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private Channel channel;
    /** The error code of a GOAWAY from the server. */
    final CompletableFuture<Long> goAway = new CompletableFuture<>();

    private H2cClient() {
    }

    static H2cClient connect(int port) throws InterruptedException {
        H2cClient client = new H2cClient();
        CompletableFuture<Long> goAway = client.goAway;
        client.channel = new Bootstrap().group(client.group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof Http2GoAwayFrame frame) {
                                            goAway.complete(frame.errorCode());
                                        }
                                        ReferenceCountUtil.release(msg);
                                    }
                                });
                    }
                })
                .connect("127.0.0.1", port).sync().channel();
        return client;
    }

    static Http2Headers headers(String method, String path) {
        return new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("h2c.test");
    }

    /** Sends a request with an optional body and ends the stream. */
    Call send(Http2Headers headers, byte[] body) {
        return upload(headers, body == null ? -1 : body.length,
                offset -> Unpooled.wrappedBuffer(body, (int) offset, (int) Math.min(64 << 10, body.length - offset)));
    }

    /**
     * Sends a request whose body of {@code length} bytes (0 or less: none) is produced piece by
     * piece by {@code piece(offset)}, written only while the stream is writable.
     */
    Call upload(Http2Headers headers, long length, LongFunction<ByteBuf> piece) {
        Call call = new Call(headers, length, piece);
        Http2StreamChannel stream = new Http2StreamChannelBootstrap(channel).handler(call).open()
                .syncUninterruptibly().getNow();
        stream.eventLoop().execute(call::start);
        return call;
    }

    boolean isOpen() {
        return channel.isActive();
    }

    /** Resolves when the connection is closed. */
    CompletableFuture<Void> closed() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(null));
        return closed;
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One request on its own stream, and its response as it arrives. */
    static final class Call extends ChannelInboundHandlerAdapter {
        private final Http2Headers requestHeaders;
        private final long length;
        private final LongFunction<ByteBuf> piece;
        private long offset;
        private Channel stream;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong received = new AtomicLong();
        final CompletableFuture<Http2Headers> head = new CompletableFuture<>();
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        /** When set, the response stops being read once this many body bytes came. */
        volatile long pauseAt = Long.MAX_VALUE;
        /** When false, only the body's length is kept. */
        volatile boolean keepBody = true;

        private Call(Http2Headers requestHeaders, long length, LongFunction<ByteBuf> piece) {
            this.requestHeaders = requestHeaders;
            this.length = length;
            this.piece = piece;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            stream = ctx.channel();
        }

        private void start() {
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(requestHeaders, length <= 0));
            writeBody();
        }

        private void writeBody() {
            while (offset < length && stream.isWritable()) {
                ByteBuf next = piece.apply(offset);
                offset += next.readableBytes();
                sent.addAndGet(next.readableBytes());
                stream.write(new DefaultHttp2DataFrame(next, offset == length));
            }
            stream.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            writeBody();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame frame) {
                    if (!head.isDone()) {
                        if (frame.headers().status().charAt(0) == '1') {
                            return;
                        }
                        head.complete(frame.headers());
                    }
                    if (frame.isEndStream()) {
                        done.complete(body.toByteArray());
                    }
                } else if (msg instanceof Http2DataFrame frame) {
                    int n = frame.content().readableBytes();
                    if (keepBody) {
                        frame.content().readBytes(body, n);
                    }
                    if (received.addAndGet(n) >= pauseAt) {
                        ctx.channel().config().setAutoRead(false);
                    }
                    if (frame.isEndStream()) {
                        done.complete(body.toByteArray());
                    }
                } else if (msg instanceof Http2ResetFrame reset) {
                    fail(new IllegalStateException("stream reset with error " + reset.errorCode()));
                }
            } catch (java.io.IOException e) {
                fail(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        /** Reads the response again after a pause. */
        void resume() {
            pauseAt = Long.MAX_VALUE;
            stream.eventLoop().execute(() -> stream.config().setAutoRead(true));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            fail(new IllegalStateException("stream closed before the response ended"));
        }

        private void fail(Exception e) {
            head.completeExceptionally(e);
            done.completeExceptionally(e);
        }

        int status() throws Exception {
            return Integer.parseInt(head.get(5, TimeUnit.SECONDS).status().toString());
        }

        String bodyText() throws Exception {
            return new String(done.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8);
        }
    }
}
