package io.gatehouse.pipeline.phase;

import io.gatehouse.metrics.AccessLog;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Phase;

/** Hands every finished exchange to the access log (which formats and writes it off the event loop). */
public final class AccessLogPhase implements Phase {

    private final AccessLog accessLog;

    public AccessLogPhase(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    @Override
    public void onComplete(Exchange exchange, Throwable failure) {
        accessLog.log(exchange);
    }
}
