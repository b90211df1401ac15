package io.gatehouse.proxy;

import io.gatehouse.http.HopByHopHeaders;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.Upstream;
import io.gatehouse.upstream.UpstreamServer;
import io.gatehouse.upstream.pool.ConnectionPool;
import io.gatehouse.upstream.pool.UpstreamConnection;
import io.gatehouse.upstream.pool.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards one exchange to its upstream: chooses a server, leases a connection, sends the request
 * head and streams the body, then streams the response back to the {@link Downstream}, reading
 * each side only as fast as the other side writes. Runs on the client's event loop.
 *
 * <p>A request that fails on a reused pooled connection before any response byte arrived is
 * retried once on a new connection when it is safe: the method is idempotent or nothing was sent,
 * and the body (if any) is still in hand.
 */
public final class ProxyCall implements UpstreamListener, ChannelFutureListener {

    private final Exchange exchange;
    private final Downstream downstream;
    private final Upstream upstream;
    private final long readTimeoutNanos;
    private final long sendTimeoutNanos;

    /** Body pieces received before the connection was ready; written on connect. */
    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>(4);
    /** Copies of a request body that arrived whole before forwarding, kept for one retry. */
    private List<HttpContent> replay;

    private UpstreamConnection connection;
    private boolean requestComplete;
    private boolean requestSent;
    /** The whole body arrived before forwarding began, so it can be sent again. */
    private boolean replayable;
    private boolean anythingWritten;
    private boolean responseStarted;
    private boolean skippingInformational;
    private boolean upstreamKeepAlive;
    private boolean retried;
    private boolean connectionWasReused;
    private boolean done;

    private long lastReadNanos;
    private long sendStalledSince;

    public ProxyCall(Exchange exchange, Downstream downstream) {
        this.exchange = exchange;
        this.downstream = downstream;
        this.upstream = exchange.route().upstream();
        this.readTimeoutNanos = upstream.timeouts().read().toNanos();
        this.sendTimeoutNanos = upstream.timeouts().send().toNanos();
    }

    /**
     * Starts forwarding with the body received so far.
     *
     * @param body         pieces read before forwarding began (ownership passes)
     * @param bodyComplete whether they hold the whole body (the last one is a {@code LastHttpContent})
     */
    public void start(List<HttpContent> body, boolean bodyComplete) {
        pending.addAll(body);
        requestComplete = bodyComplete;
        replayable = bodyComplete;
        if (bodyComplete && !isEmptyBody(body)) {
            replay = new ArrayList<>(body.size());
            for (HttpContent c : body) {
                replay.add(c.retainedDuplicate());
            }
        }
        connect();
    }

    private static boolean isEmptyBody(List<HttpContent> body) {
        return body.size() == 1 && !body.get(0).content().isReadable()
                && ((LastHttpContent) body.get(0)).trailingHeaders().isEmpty();
    }

    private void connect() {
        UpstreamServer server = upstream.balancer().choose(exchange);
        if (server == null) {
            fail(503, null);
            return;
        }
        exchange.server(server);
        exchange.markUpstreamStart();
        // A retry goes to a fresh connection: another pooled one may be just as stale.
        UpstreamConnection idle = retried ? null : server.pool().pollIdle(exchange.eventLoop());
        if (idle != null) {
            exchange.markUpstreamConnected();
            onConnected(idle);
        } else {
            server.pool().connect(exchange.eventLoop()).addListener(this);
        }
    }

    /** The new connection is made, or failed. */
    @Override
    public void operationComplete(ChannelFuture future) {
        if (done) {
            if (future.isSuccess()) {
                future.channel().close();
            }
            return;
        }
        if (!future.isSuccess()) {
            fail(502, future.cause());
            return;
        }
        exchange.markUpstreamConnected();
        onConnected(ConnectionPool.connectionOf(future.channel()));
    }

    private void onConnected(UpstreamConnection c) {
        connection = c;
        connectionWasReused = c.isReused();
        c.attach(this);
        Channel ch = c.channel();
        HttpRequest request = exchange.request();
        if (!exchange.route().preserveHost() || !request.headers().contains(HttpHeaderNames.HOST)) {
            request.headers().set(HttpHeaderNames.HOST, exchange.server().hostHeader());
        }
        // Upstream connections always speak HTTP/1.1, so they stay reusable whatever the client spoke.
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (isIdempotent(exchange.method())) {
            ch.write(request, ch.voidPromise());
        } else {
            // Only a non-idempotent request needs to know whether any of it left, to decide on a retry.
            ch.write(request).addListener(f -> anythingWritten |= f.isSuccess());
        }
        HttpContent piece;
        while ((piece = pending.poll()) != null) {
            writeBody(piece);
        }
        ch.flush();
        lastReadNanos = System.nanoTime();
        armTimer();
        if (!requestComplete && ch.isWritable()) {
            resumeRequestBody();
        }
    }

    /** Lets the client side pass more body; it flushes only after its own reads, so flush what it wrote now. */
    private void resumeRequestBody() {
        downstream.resumeRequestBody();
        flushRequest();
    }

    /** Whether the upstream can take another piece of the request body now. */
    public boolean canTakeBody() {
        return connection != null && connection.channel().isWritable();
    }

    /** The next piece of the request body from the client (ownership passes). */
    public void onRequestContent(HttpContent content) {
        if (done) {
            content.release();
            return;
        }
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        if (connection == null) {
            pending.add(content);
        } else {
            writeBody(content);
        }
    }

    /** Flushes body pieces written since the last flush (called once per client read batch). */
    public void flushRequest() {
        if (connection != null) {
            Channel ch = connection.channel();
            ch.flush();
            if (!ch.isWritable() && sendStalledSince == 0) {
                sendStalledSince = System.nanoTime();
                armTimer();
            }
        }
    }

    private void writeBody(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (last) {
            connection.channel().writeAndFlush(content, connection.channel().voidPromise());
        } else {
            connection.channel().write(content, connection.channel().voidPromise());
        }
        if (last) {
            requestSent = true;
            lastReadNanos = System.nanoTime();
        }
    }

    /** The client can take more response bytes again. */
    public void onDownstreamWritable() {
        if (connection != null && !done) {
            connection.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void onUpstreamMessage(HttpObject message) {
        if (done) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message.decoderResult().isFailure()) {
            ReferenceCountUtil.release(message);
            failOrCut(502, message.decoderResult().cause());
            return;
        }
        if (message instanceof HttpResponse response) {
            onResponseHead(response);
        }
        if (message instanceof HttpContent content) {
            onResponseContent(content);
        }
    }

    private void onResponseHead(HttpResponse response) {
        if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            // 1xx interim responses are not relayed; the decoder follows each with an empty last piece.
            skippingInformational = true;
            return;
        }
        responseStarted = true;
        releaseReplay();
        exchange.markUpstreamHeader();
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        HopByHopHeaders.strip(response.headers());
        exchange.response(response);
        exchange.pipeline().runResponse(exchange);
        downstream.sendResponseHead(response);
    }

    private void onResponseContent(HttpContent content) {
        if (skippingInformational) {
            content.release();
            skippingInformational = !(content instanceof LastHttpContent);
            return;
        }
        exchange.addResponseBodyBytes(content.content().readableBytes());
        if (content instanceof LastHttpContent) {
            finish();
            downstream.sendResponseContent(content);
        } else {
            downstream.sendResponseContent(content);
        }
    }

    @Override
    public void onUpstreamReadComplete() {
        lastReadNanos = System.nanoTime();
        downstream.flushResponse();
        if (!done && connection != null && !downstream.isWritable()) {
            // The client is slower than the upstream: stop reading until it drains (backpressure).
            connection.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        if (writable) {
            sendStalledSince = 0;
            if (!requestComplete && !done) {
                resumeRequestBody();
            }
        }
    }

    @Override
    public void onUpstreamClosed(Throwable cause) {
        connection = null;
        if (done) {
            return;
        }
        if (!responseStarted && canRetry()) {
            retried = true;
            anythingWritten = false;
            requestSent = false;
            if (replay != null) {
                for (HttpContent c : replay) {
                    pending.add(c.retainedDuplicate());
                }
            } else {
                pending.add(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            connect();
            return;
        }
        failOrCut(502, cause);
    }

    /** Safe to send again: a reused connection, nothing of the response seen, the body still in hand. */
    private boolean canRetry() {
        return !retried && connectionWasReused && replayable
                && (isIdempotent(exchange.method()) || !anythingWritten);
    }

    private static boolean isIdempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    @Override
    public void onUpstreamTimer() {
        if (done || connection == null) {
            return;
        }
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE;
        if (sendStalledSince != 0) {
            long left = sendStalledSince + sendTimeoutNanos - now;
            if (left <= 0) {
                timeout("send");
                return;
            }
            wait = left;
        }
        if (requestSent || responseStarted) {
            long left = lastReadNanos + readTimeoutNanos - now;
            if (left <= 0) {
                timeout("read");
                return;
            }
            wait = Math.min(wait, left);
        }
        if (wait == Long.MAX_VALUE) {
            wait = Math.min(readTimeoutNanos, sendTimeoutNanos);
        }
        connection.wakeWithin(wait);
    }

    private void armTimer() {
        if (connection != null && !done) {
            connection.wakeWithin(Math.min(readTimeoutNanos, sendTimeoutNanos));
        }
    }

    private void timeout(String which) {
        failOrCut(504, new UpstreamTimeoutException("upstream " + which + " timeout"));
    }

    /** The response is whole: give the connection back when it can carry another request. */
    private void finish() {
        done = true;
        exchange.markUpstreamEnd();
        releaseReplay();
        UpstreamConnection c = connection;
        connection = null;
        if (c != null) {
            if (requestSent && upstreamKeepAlive) {
                c.release();
            } else {
                c.discard();
            }
        }
    }

    /** Before the response: answer with {@code status}; during it: cut the client off. */
    private void failOrCut(int status, Throwable cause) {
        if (responseStarted) {
            cancel();
            downstream.abortResponse(cause);
        } else {
            fail(status, cause);
        }
    }

    private void fail(int status, Throwable cause) {
        cancel();
        downstream.failBeforeResponse(status, cause);
    }

    /** Stops forwarding (the client went away, or the exchange was answered otherwise). */
    public void cancel() {
        if (done) {
            return;
        }
        done = true;
        releaseReplay();
        HttpContent c;
        while ((c = pending.poll()) != null) {
            c.release();
        }
        UpstreamConnection conn = connection;
        connection = null;
        if (conn != null) {
            conn.discard();
        }
    }

    private void releaseReplay() {
        if (replay != null) {
            for (HttpContent c : replay) {
                c.release();
            }
            replay = null;
        }
    }
}
