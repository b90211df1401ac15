package io.gatehouse.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * The client side of one exchange, as the forwarding step sees it: an HTTP/1.x connection or an
 * HTTP/2 stream. All calls happen on the exchange's event loop.
 */
public interface Downstream {

    /** Sends the response head; the response phases have already run. */
    void sendResponseHead(HttpResponse head);

    /** Sends a piece of the response body (ownership passes); a {@code LastHttpContent} ends the exchange. */
    void sendResponseContent(HttpContent content);

    /** Flushes what was sent since the last flush. */
    void flushResponse();

    /** False while the client's outbound buffer is full: stop reading the upstream until it drains. */
    boolean isWritable();

    /** The upstream can take more of the request body now. */
    void resumeRequestBody();

    /**
     * The upstream switched protocols: sends {@code head} (a {@code 101}; the response phases have
     * run), then relays the connection's bytes through {@code tunnel} until it ends, when the
     * exchange ends too. Only asked for on an HTTP/1.1 connection whose request asked to switch.
     */
    void switchProtocols(HttpResponse head, Tunnel tunnel);

    /** Forwarding failed before any response byte was sent: answer locally with this status. */
    void failBeforeResponse(int status, Throwable cause);

    /** Forwarding failed after the response began: cut the client off, never complete it with made-up bytes. */
    void abortResponse(Throwable cause);
}
