package io.gatehouse.http.h1;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;

/**
 * What an HTTP/1.1 connection does for a protocol upgrade (such as WebSocket); HTTP/2 streams
 * cannot switch protocols (RFC 9113 section 8.6).
 */
interface ProtocolSwitch {

    /**
     * The request just read asks to switch protocols: what follows its head is not HTTP/1.x, so
     * it is kept unread until the answer.
     */
    void holdRequestBytes();

    /**
     * The protocol switch happened and its {@code 101} is written: the HTTP/1.x handlers leave the
     * connection, and {@code relay} takes its bytes from now on, those held included.
     *
     * @return the client connection
     */
    Channel switchToRelay(ChannelHandler relay);
}
