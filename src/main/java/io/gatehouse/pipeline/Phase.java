package io.gatehouse.pipeline;

/** One step of request handling. Runs on the connection's event loop: never block. */
public interface Phase {

    /** The request head is parsed. Runs in pipeline order; may answer the request itself. */
    default Decision onRequest(Exchange exchange) {
        return Decision.CONTINUE;
    }

    /** The response head is known (upstream or local). Runs in reverse order; may change its headers. */
    default void onResponse(Exchange exchange) {
    }

    /** Once per request, after the last byte or the failure ({@code null} when it went well). */
    default void onComplete(Exchange exchange, Throwable failure) {
    }
}
