package io.gatehouse.proxy;

/** The upstream server was silent, or did not take the request, for longer than its timeout. */
public final class UpstreamTimeoutException extends Exception {

    public UpstreamTimeoutException(String message) {
        super(message, null, false, false);
    }
}
