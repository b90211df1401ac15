package io.gatehouse.pipeline.phase;

import io.gatehouse.http.HeaderNames;
import io.gatehouse.http.HttpDates;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Phase;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * Gives a response without a {@code Date} one, as a recipient that forwards it must (RFC 9110
 * section 6.6.1). An upstream's own {@code Date} is kept.
 */
public final class DateHeaderPhase implements Phase {

    @Override
    public void onResponse(Exchange exchange) {
        HttpHeaders headers = exchange.response().headers();
        if (!headers.contains(HeaderNames.DATE)) {
            headers.set(HeaderNames.DATE, HttpDates.now());
        }
    }
}
