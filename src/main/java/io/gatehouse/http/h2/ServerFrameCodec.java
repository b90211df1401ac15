package io.gatehouse.http.h2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.UniformStreamByteDistributor;

/** Netty's HTTP/2 frame codec for a server connection, with the stream-state answers of {@link StreamStateWatch}. */
final class ServerFrameCodec extends Http2FrameCodec {

    private final StreamStateWatch watch;

    private ServerFrameCodec(Http2ConnectionEncoder encoder, Http2ConnectionDecoder decoder, Http2Settings settings,
            boolean decoupleCloseAndGoAway, boolean flushPreface, StreamStateWatch watch) {
        super(encoder, decoder, settings, decoupleCloseAndGoAway, flushPreface);
        this.watch = watch;
        watch.follow(connection());
    }

    @Override
    public void onError(ChannelHandlerContext ctx, boolean outbound, Throwable cause) {
        if (!outbound && Http2CodecUtil.getEmbeddedHttp2Exception(cause) instanceof Http2Exception.StreamException e) {
            Http2Exception stricter = watch.stricter(e);
            if (stricter != null) {
                super.onError(ctx, false, stricter);
                return;
            }
        }
        super.onError(ctx, outbound, cause);
    }

    /** Builds one codec per connection: each has its own watch, which is also its frame logger. */
    static final class Builder extends Http2FrameCodecBuilder {

        private final StreamStateWatch watch = new StreamStateWatch();

        Builder() {
            // Response data of all streams shares the connection window evenly: the priority tree the
            // default distributor keeps per stream costs CPU on each write, and RFC 9113 deprecated it.
            DefaultHttp2Connection connection = new DefaultHttp2Connection(true);
            connection.remote().flowController(
                    new DefaultHttp2RemoteFlowController(connection, new UniformStreamByteDistributor(connection)));
            connection(connection);
            gracefulShutdownTimeoutMillis(0);
            frameLogger(watch);
        }

        @Override
        protected Http2FrameCodec build(Http2ConnectionDecoder decoder, Http2ConnectionEncoder encoder,
                Http2Settings initialSettings) {
            ServerFrameCodec codec = new ServerFrameCodec(encoder, decoder, initialSettings,
                    decoupleCloseAndGoAway(), flushPreface(), watch);
            codec.gracefulShutdownTimeoutMillis(gracefulShutdownTimeoutMillis());
            return codec;
        }
    }
}
