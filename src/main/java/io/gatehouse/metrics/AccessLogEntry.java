package io.gatehouse.metrics;

import io.gatehouse.pipeline.Exchange;
import io.netty.handler.codec.http.HttpHeaderNames;

/**
 * What the access log records of one exchange, captured on the event loop (field reads only) so
 * that formatting can happen on the writer thread. Times are in nanoseconds, -1 when not reached.
 *
 * @param status 499 when the client went away before a response was sent (nginx's convention)
 */
record AccessLogEntry(
        long timeMillis,
        String clientIp,
        String method,
        String uri,
        String protocol,
        int status,
        long bytesSent,
        String referer,
        String userAgent,
        long requestNanos,
        String upstreamAddress,
        long upstreamConnectNanos,
        long upstreamHeaderNanos,
        long upstreamResponseNanos,
        String requestId,
        String route) {

    static AccessLogEntry of(Exchange e) {
        var headers = e.request().headers();
        return new AccessLogEntry(
                e.startMillis(),
                e.client().ip(),
                e.method(),
                e.originalUri(),
                e.protocol(),
                e.status() == 0 ? 499 : e.status(),
                e.responseBodyBytes(),
                headers.get(HttpHeaderNames.REFERER),
                headers.get(HttpHeaderNames.USER_AGENT),
                e.durationNanos(),
                e.server() == null ? null : e.server().toString(),
                e.upstreamConnectNanos(),
                e.upstreamHeaderNanos(),
                e.upstreamResponseNanos(),
                e.requestId(),
                e.route() == null ? null : e.route().name());
    }
}
