package io.gatehouse.http.h2;

import io.gatehouse.http.h1.ClientEnd;
import io.gatehouse.http.h1.ClientExchanges;
import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.server.Gateway;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One HTTP/2 stream as the client end of its exchange: turns the stream's frames into the HTTP/1
 * messages {@link ClientExchanges} serves, and its answer back into frames on the connection.
 *
 * <p>Request body bytes are given back to the client's flow-control window only as the exchange
 * takes them; while it wants no more, frames wait here, and the stream window bounds how many.
 */
final class Http2StreamEnd implements ClientEnd {

    private final ChannelHandlerContext ctx;
    private final Http2Connection connection;
    private final Http2FrameStream stream;
    private final ClientExchanges exchanges;

    private boolean sawHead;
    private boolean reading = true;
    private ArrayDeque<Http2StreamFrame> waiting;
    private boolean releaseScheduled;
    private boolean answeringHead;
    /** Our END_STREAM went out: the exchange finishes by itself. */
    private boolean endSent;
    /** We reset the stream. */
    private boolean resetSent;
    private boolean writing;
    private ChannelFuture lastWrite;
    /** Body bytes still to drop after a complete response; negative while the exchange takes the body. */
    private long discardLeft = -1;
    /** Listed for the end of the connection's current read. */
    boolean readThisTurn;

    Http2StreamEnd(ChannelHandlerContext ctx, Http2Connection connection, Http2FrameStream stream,
            Gateway gateway, ClientInfo client) {
        this.ctx = ctx;
        this.connection = connection;
        this.stream = stream;
        this.exchanges = new ClientExchanges(gateway, this, true, null);
        exchanges.start(client);
    }

    /** A HEADERS or DATA frame of this stream from the client; ownership passes. */
    void onFrame(Http2StreamFrame frame) {
        if (discardLeft >= 0) {
            discard(frame);
        } else if (reading && (waiting == null || waiting.isEmpty())) {
            take(frame);
        } else {
            if (waiting == null) {
                waiting = new ArrayDeque<>(4);
            }
            waiting.add(frame);
        }
    }

    private void take(Http2StreamFrame frame) {
        if (frame instanceof Http2DataFrame data) {
            returnWindow(data.initialFlowControlledBytes());
            ByteBuf content = data.content();
            exchanges.onMessage(data.isEndStream() ? new DefaultLastHttpContent(content) : new DefaultHttpContent(content));
        } else if (frame instanceof Http2HeadersFrame headers) {
            HttpObject message;
            try {
                message = sawHead
                        ? new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, Http2Requests.trailersToHttp1(headers.headers()))
                        : Http2Requests.toHttp1(headers.headers(), headers.isEndStream());
            } catch (IllegalArgumentException e) {
                // A method HTTP/1.1 cannot carry: the request is malformed (RFC 9113 section 8.1.1).
                failed(e, Http2Error.PROTOCOL_ERROR);
                ctx.flush();
                return;
            }
            exchanges.onMessage(message);
            if (!sawHead && headers.isEndStream()) {
                exchanges.onMessage(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            sawHead = true;
        }
    }

    /**
     * The response is complete but the client is still sending its body: up to one more stream
     * window of it is read and dropped, so the stream can end without a reset. Resets are what an
     * abusive client provokes, and too many of them end the connection; an upload answered early
     * (401, 413, a backend that does not read bodies) must not count as one. A longer body is cut
     * off with {@code RST_STREAM NO_ERROR} once the response is out (RFC 9113 section 8.1).
     */
    private void discardRestOfBody() {
        discardLeft = Http2Codec.STREAM_WINDOW;
        if (waiting != null) {
            Http2StreamFrame frame;
            while ((frame = waiting.poll()) != null) {
                discard(frame);
            }
        }
    }

    private void discard(Http2StreamFrame frame) {
        if (frame instanceof Http2DataFrame data && discardLeft > 0) {
            int bytes = data.initialFlowControlledBytes();
            discardLeft = Math.max(0, discardLeft - bytes);
            returnWindow(bytes);
            if (discardLeft == 0 && !data.isEndStream()) {
                lastWrite.addListener(written -> {
                    reset(Http2Error.NO_ERROR);
                    ctx.flush();
                });
            }
        }
        ReferenceCountUtil.release(frame);
    }

    /** The bytes were taken: the client may send as many again (a WINDOW_UPDATE goes out with the next flush). */
    private void returnWindow(int bytes) {
        Http2Stream s = connection.stream(stream.id());
        if (bytes > 0 && s != null) {
            try {
                connection.local().flowController().consumeBytes(s, bytes);
            } catch (Http2Exception e) {
                ctx.fireExceptionCaught(e);
            }
        }
    }

    /** The connection's read ended: what the exchange forwarded goes out. */
    void readComplete() {
        readThisTurn = false;
        exchanges.onReadComplete();
    }

    void writabilityChanged() {
        exchanges.onWritabilityChanged();
    }

    /** A stream error the codec found in the client's frames: the stream is reset with its code. */
    void failed(Throwable cause, Http2Error error) {
        exchanges.onError(cause);
        reset(error);
    }

    /** The stream closed; unless it ended with our response, the exchange is cut off. */
    void closed() {
        dropWaiting();
        if (endSent && !resetSent) {
            return;
        }
        if (resetSent || writing) {
            // Called from within the exchange's own write or reset: let that call finish first.
            ctx.channel().eventLoop().execute(exchanges::onClosed);
        } else {
            exchanges.onClosed();
        }
    }

    // ---- ClientEnd ----

    @Override
    public EventLoop eventLoop() {
        return ctx.channel().eventLoop();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ctx.alloc();
    }

    @Override
    public void write(HttpObject message) {
        writing = true;
        try {
            if (message instanceof HttpResponse head) {
                writeHead(head);
            } else if (message instanceof HttpContent content) {
                writeContent(content);
            }
        } finally {
            writing = false;
        }
    }

    private void writeHead(HttpResponse head) {
        Http2Headers headers = Http2Responses.head(head);
        if (!(head instanceof FullHttpResponse full)) {
            writeHeaders(headers, false);
            return;
        }
        if (head.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            full.release();
            writeHeaders(headers, false);
        } else if (answeringHead || !full.content().isReadable()) {
            full.release();
            writeHeaders(headers, true);
        } else {
            writeHeaders(headers, false);
            writeData(full.content(), true);
        }
    }

    private void writeContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (last && !((LastHttpContent) content).trailingHeaders().isEmpty()) {
            Http2Headers trailers = Http2Responses.trailers(((LastHttpContent) content).trailingHeaders());
            if (content.content().isReadable()) {
                writeData(content.content(), false);
            } else {
                content.release();
            }
            writeHeaders(trailers, true);
            return;
        }
        writeData(content.content(), last);
    }

    private void writeHeaders(Http2Headers headers, boolean endStream) {
        endSent |= endStream;
        lastWrite = ctx.write(new DefaultHttp2HeadersFrame(headers, endStream).stream(stream), ctx.newPromise());
    }

    private void writeData(ByteBuf data, boolean endStream) {
        endSent |= endStream;
        lastWrite = ctx.write(new DefaultHttp2DataFrame(data, endStream).stream(stream), ctx.newPromise());
    }

    @Override
    public void flush() {
        ctx.flush();
    }

    /** After a complete response to a request still being sent, the rest of its body is dropped (see {@link #discardRestOfBody}). */
    @Override
    public void writeAndClose(HttpObject message) {
        write(message);
        if (!endSent) {
            reset(Http2Error.CANCEL);
        } else if (clientStillSending()) {
            discardRestOfBody();
        }
        ctx.flush();
    }

    private boolean clientStillSending() {
        Http2Stream s = connection.stream(stream.id());
        return s != null && s.state().remoteSideOpen();
    }

    @Override
    public void close() {
        reset(Http2Error.CANCEL);
        ctx.flush();
    }

    private void reset(Http2Error error) {
        if (resetSent || connection.stream(stream.id()) == null) {
            return;
        }
        resetSent = true;
        ctx.write(new DefaultHttp2ResetFrame(error).stream(stream), ctx.newPromise());
    }

    @Override
    public boolean isWritable() {
        if (!ctx.channel().isWritable()) {
            return false;
        }
        Http2Stream s = connection.stream(stream.id());
        return s == null || connection.remote().flowController().isWritable(s);
    }

    @Override
    public void setReading(boolean reading) {
        this.reading = reading;
        if (reading && waiting != null && !waiting.isEmpty() && !releaseScheduled) {
            // Not from within this call: the exchange is in the middle of its own bookkeeping.
            releaseScheduled = true;
            ctx.channel().eventLoop().execute(this::deliverWaiting);
        }
    }

    private void deliverWaiting() {
        releaseScheduled = false;
        Http2StreamFrame frame;
        while (reading && waiting != null && (frame = waiting.poll()) != null) {
            take(frame);
        }
        exchanges.onReadComplete();
        ctx.flush();
    }

    private void dropWaiting() {
        if (waiting != null) {
            Http2StreamFrame frame;
            while ((frame = waiting.poll()) != null) {
                ReferenceCountUtil.release(frame);
            }
        }
    }

    @Override
    public void answeringHead(boolean head) {
        answeringHead = head;
    }
}
