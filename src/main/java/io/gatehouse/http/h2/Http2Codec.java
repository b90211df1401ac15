package io.gatehouse.http.h2;

import io.gatehouse.config.LimitsConfig;
import io.gatehouse.http.h1.Http1Codec;
import io.gatehouse.server.Gateway;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Settings;

/**
 * Installs the HTTP/2 handlers of a client connection, or what finds out whether a new connection
 * speaks HTTP/2 or HTTP/1.1 (ALPN on TLS, the HTTP/1.x decoder's preface check on plain ones).
 */
public final class Http2Codec {

    /** SETTINGS_INITIAL_WINDOW_SIZE: request body a stream may send ahead of what the upstream took. */
    static final int STREAM_WINDOW = 64 << 10;
    /** Request body all streams of a connection together may send ahead of what the upstreams took. */
    static final int CONNECTION_WINDOW = 1 << 20;

    // Against floods (CVE-2019-9512/9514/9515/9518, rapid reset CVE-2023-44487, CONTINUATION VU#421644):
    // each ends the connection with GOAWAY.
    private static final int MAX_RST_FRAMES = 200;
    private static final int RST_WINDOW_SECONDS = 30;
    private static final int MAX_QUEUED_CONTROL_FRAMES = 1_000;
    private static final int MAX_EMPTY_DATA_FRAMES = 2;
    private static final int MAX_SMALL_CONTINUATION_FRAMES = 16;

    private Http2Codec() {
    }

    /**
     * Adds what chooses the protocol of a new connection: on TLS the handler that installs HTTP/2
     * or HTTP/1.1 by ALPN after the handshake; on a plain connection the HTTP/1.x handlers, whose
     * decoder hands the connection over to HTTP/2 when it opens with the preface (prior knowledge).
     */
    public static void installNegotiating(ChannelPipeline pipeline, Gateway gateway, boolean tls) {
        if (tls) {
            pipeline.addLast(new AlpnHandler(new ProtocolChoice(gateway, "https")));
        } else {
            // HTTP/1.x unless the first bytes are the HTTP/2 preface: the HTTP/1.x decoder checks.
            Http1Codec.install(pipeline, gateway, "http", http2Pipeline -> install(http2Pipeline, gateway, "http"));
        }
    }

    /** Adds the frame codec with its limits, the handler that serves its streams, and the connection's lifecycle. */
    static void install(ChannelPipeline pipeline, Gateway gateway, String scheme) {
        LimitsConfig limits = gateway.limits();
        Http2FrameCodec codec = new ServerFrameCodec.Builder()
                .initialSettings(new Http2Settings()
                        .maxConcurrentStreams(limits.maxConcurrentStreams())
                        .maxHeaderListSize(limits.maxHeaderSize())
                        .initialWindowSize(STREAM_WINDOW))
                .validateHeaders(true)
                .validateRequiredPseudoHeaders(true)
                .headerSensitivityDetector(NeverIndexed.HEADERS)
                .decoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
                .encoderEnforceMaxRstFramesPerWindow(MAX_RST_FRAMES, RST_WINDOW_SECONDS)
                .encoderEnforceMaxQueuedControlFrames(MAX_QUEUED_CONTROL_FRAMES)
                .decoderEnforceMaxConsecutiveEmptyDataFrames(MAX_EMPTY_DATA_FRAMES)
                .decoderEnforceMaxSmallContinuationFrames(MAX_SMALL_CONTINUATION_FRAMES)
                // close() means now (drain timeout, errors); a graceful GOAWAY is Http2LifecycleHandler's job.
                .decoupleCloseAndGoAway(true)
                .build();
        // Responses of many streams come back in one turn of the event loop, each from its own
        // upstream read: flushing once after that turn sends them in one TLS record and one write.
        pipeline.addLast(new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true))
                .addLast(codec)
                .addLast(new Http2StreamsHandler(gateway, scheme, codec.connection()))
                .addLast(new Http2LifecycleHandler(codec.connection(), gateway));
    }
}
