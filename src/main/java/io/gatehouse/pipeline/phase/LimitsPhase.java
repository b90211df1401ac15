package io.gatehouse.pipeline.phase;

import io.gatehouse.config.LimitsConfig;
import io.gatehouse.pipeline.Decision;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Phase;
import io.netty.handler.codec.http.HttpHeaderNames;

/**
 * Rejects requests over the size limits that the head already shows: a request target longer
 * than max_uri_length (414) and a declared Content-Length over max_request_body (413). Chunked
 * bodies are counted as they stream, by the protocol adapter.
 */
public final class LimitsPhase implements Phase {

    private static final Decision URI_TOO_LONG = new Decision.Respond(414);
    private static final Decision TOO_LARGE = new Decision.Respond(413);

    private final LimitsConfig limits;

    public LimitsPhase(LimitsConfig limits) {
        this.limits = limits;
    }

    @Override
    public Decision onRequest(Exchange exchange) {
        if (exchange.originalUri().length() > limits.maxUriLength()) {
            return URI_TOO_LONG;
        }
        if (limits.maxRequestBody() > 0) {
            String length = exchange.request().headers().get(HttpHeaderNames.CONTENT_LENGTH);
            if (length != null && Long.parseLong(length) > limits.maxRequestBody()) {
                return TOO_LARGE;
            }
        }
        return Decision.CONTINUE;
    }
}
