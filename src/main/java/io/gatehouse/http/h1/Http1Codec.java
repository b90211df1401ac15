package io.gatehouse.http.h1;

import io.gatehouse.config.LimitsConfig;
import io.gatehouse.server.Gateway;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;

/** Installs the HTTP/1.x handlers of a client connection. */
public final class Http1Codec {

    private Http1Codec() {
    }

    /** Adds the byte watcher, strict decoder, encoder and connection handler to {@code pipeline}. */
    public static void install(ChannelPipeline pipeline, Gateway gateway, String scheme) {
        ResponseEncoder encoder = new ResponseEncoder();
        Http1ServerHandler handler = new Http1ServerHandler(gateway, scheme, encoder);
        pipeline.addLast(new RequestStartDetector(handler))
                .addLast(new StrictRequestDecoder(decoderConfig(gateway.limits())))
                .addLast(encoder)
                .addLast(handler);
    }

    private static HttpDecoderConfig decoderConfig(LimitsConfig limits) {
        return new HttpDecoderConfig()
                // Room for method and version around the target; longer targets get 414 from the limits phase.
                .setMaxInitialLineLength(limits.maxUriLength() + 64)
                .setMaxHeaderSize(limits.maxHeaderSize())
                .setMaxChunkSize(64 << 10)
                .setStrictLineParsing(true)
                .setAllowDuplicateContentLengths(false)
                .setValidateHeaders(true);
    }
}
