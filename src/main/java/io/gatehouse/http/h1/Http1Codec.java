package io.gatehouse.http.h1;

import io.gatehouse.config.LimitsConfig;
import io.gatehouse.http.DecodedHeaders;
import io.gatehouse.server.Gateway;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Installs the HTTP/1.x handlers of a client connection. */
public final class Http1Codec {

    private Http1Codec() {
    }

    /**
     * Adds the strict decoder, encoder and connection handler to {@code pipeline}.
     * {@code http2}: on a plain listener that also takes HTTP/2 with prior knowledge, installs the
     * HTTP/2 handlers in place of these when the connection opens with the HTTP/2 preface;
     * otherwise {@code null}.
     */
    public static void install(ChannelPipeline pipeline, Gateway gateway, String scheme,
                               Consumer<ChannelPipeline> http2) {
        ResponseEncoder encoder = new ResponseEncoder();
        Http1ServerHandler handler = new Http1ServerHandler(gateway, scheme, encoder);
        pipeline.addLast(new StrictRequestDecoder(decoderConfig(gateway.limits()), gateway.limits(), handler, http2))
                .addLast(encoder)
                .addLast(handler);
    }

    /** Adds a codec and a handler that answers every request with a redirect to HTTPS on {@code httpsPort}. */
    public static void installRedirect(ChannelPipeline pipeline, Gateway gateway, int httpsPort) {
        long idleNanos = gateway.timeouts().keepalive().toNanos();
        pipeline.addLast(new ReadTimeoutHandler(idleNanos, TimeUnit.NANOSECONDS))
                .addLast(new StrictRequestDecoder(decoderConfig(gateway.limits()), gateway.limits(), null, null))
                .addLast(new ResponseEncoder())
                .addLast(new HttpsRedirectHandler(httpsPort));
    }

    private static HttpDecoderConfig decoderConfig(LimitsConfig limits) {
        return new HttpDecoderConfig()
                // Room for method and version around the target; longer targets get 414 from the limits phase.
                .setMaxInitialLineLength(limits.maxUriLength() + 64)
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(64 << 10)
                .setStrictLineParsing(true)
                .setAllowDuplicateContentLengths(false)
                .setHeadersFactory(DecodedHeaders.FACTORY);
    }
}
