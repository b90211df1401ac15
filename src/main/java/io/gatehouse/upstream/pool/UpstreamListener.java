package io.gatehouse.upstream.pool;

import io.netty.handler.codec.http.HttpObject;

/** Receives what happens on a leased upstream connection. Called on the connection's event loop. */
public interface UpstreamListener {

    /** A decoded response piece; ownership passes to the listener. */
    void onUpstreamMessage(HttpObject message);

    /** The current batch of reads is done: a good moment to flush what was written downstream. */
    void onUpstreamReadComplete();

    /** The connection's outbound buffer crossed a water mark. */
    void onUpstreamWritabilityChanged(boolean writable);

    /** A wake-up asked for with {@link UpstreamConnection#wakeWithin}: time to check deadlines. */
    void onUpstreamTimer();

    /** The connection closed or failed; {@code cause} is {@code null} for an orderly close. */
    void onUpstreamClosed(Throwable cause);
}
