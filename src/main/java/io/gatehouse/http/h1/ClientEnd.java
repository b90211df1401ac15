package io.gatehouse.http.h1;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpObject;

/**
 * Where the exchanges of {@link ClientExchanges} meet their client: an HTTP/1.x connection, or one
 * HTTP/2 stream whose frames are turned into HTTP/1 messages and back. All calls happen on
 * {@link #eventLoop()}.
 */
public interface ClientEnd {

    EventLoop eventLoop();

    ByteBufAllocator alloc();

    /** Writes a response head or body piece, or a full local reply; ownership passes. */
    void write(HttpObject message);

    void flush();

    /**
     * Writes and flushes the last message of a response, then closes what carries it: the
     * connection, or the rest of an HTTP/2 stream whose request had not ended.
     */
    void writeAndClose(HttpObject message);

    /** Cuts the client off without completing what was begun. */
    void close();

    /** False while the client takes no more response bytes for now. */
    boolean isWritable();

    /** Whether the client's next messages are wanted now; when not, they wait and hold back the client. */
    void setReading(boolean reading);

    /** The response about to be written answers a HEAD request: it goes without a body. */
    void answeringHead(boolean head);
}
