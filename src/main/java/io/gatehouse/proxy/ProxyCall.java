package io.gatehouse.proxy;

import io.gatehouse.config.RetriesConfig.Condition;
import io.gatehouse.http.HopByHopHeaders;
import io.gatehouse.http.ProtocolUpgrade;
import io.gatehouse.http.TrailerFields;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.RetryPolicy;
import io.gatehouse.upstream.Upstream;
import io.gatehouse.upstream.UpstreamServer;
import io.gatehouse.upstream.pool.ConnectionPool;
import io.gatehouse.upstream.pool.UpstreamConnection;
import io.gatehouse.upstream.pool.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * Forwards one exchange to its upstream: chooses a server, leases a connection, sends the request
 * head and streams the body, then streams the response back to the {@link Downstream}, reading
 * each side only as fast as the other side writes. Runs on the client's event loop.
 *
 * <p>Each attempt reports its outcome to the server's health. A failed attempt is tried again, on
 * a fresh connection and on a server not tried yet when there is one, when the upstream's
 * {@code retries} allow it (the failure is listed, attempts and budget are left) and it is safe:
 * no response byte reached the client, the method is idempotent or nothing of the request was
 * sent, and the body is still in hand (nothing of it sent yet, or it arrived whole before
 * forwarding began). Apart from that, a request that fails on a reused pooled connection before
 * any response is retried once on a fresh connection, free of attempts and budget: the server
 * most likely just closed an idle connection.
 */
public final class ProxyCall implements UpstreamListener, ChannelFutureListener {

    private final Exchange exchange;
    private final Downstream downstream;
    private final Upstream upstream;
    private final RetryPolicy retries;
    private final RetryState retry;
    private final UpstreamDeadlines deadlines;

    private RequestBody body;
    private UpstreamServer server;
    private UpstreamConnection connection;
    /** This attempt holds one of the server's in-flight slots. */
    private boolean holdsSlot;
    /** Waiting for a server below max_connections, or {@code null}. */
    private SlotWait slotWait;
    private boolean requestComplete;
    private boolean requestSent;
    private boolean anythingWritten;
    private boolean responseStarted;
    /** Upstream reads are paused until the client takes what it was sent (backpressure). */
    private boolean upstreamUnread;
    private boolean skippingInformational;
    private boolean upstreamKeepAlive;
    private boolean connectionWasReused;
    private boolean done;

    public ProxyCall(Exchange exchange, Downstream downstream) {
        this.exchange = exchange;
        this.downstream = downstream;
        this.upstream = exchange.route().upstream();
        this.retries = upstream.retries();
        this.retry = new RetryState(upstream);
        this.deadlines = new UpstreamDeadlines(upstream.timeouts());
    }

    /**
     * Starts forwarding with the body received so far.
     *
     * @param body         pieces read before forwarding began (ownership passes)
     * @param bodyComplete whether they hold the whole body (the last one is a {@code LastHttpContent})
     */
    public void start(List<HttpContent> body, boolean bodyComplete) {
        this.body = new RequestBody(body, bodyComplete);
        requestComplete = bodyComplete;
        retries.countRequest();
        UpstreamServer first = upstream.choose(exchange, Upstream.AVAILABLE);
        if (first != null) {
            attempt(first, false);
        } else if ((slotWait = SlotWait.begin(this, upstream, exchange.eventLoop())) == null) {
            fail(503, null);
        }
    }

    /** Sends the request to {@code s}: on an idle pooled connection, or a new one when {@code fresh} or none is idle. */
    private void attempt(UpstreamServer s, boolean fresh) {
        server = s;
        exchange.server(s);
        long now = exchange.markUpstreamStart();
        holdSlot(s);
        UpstreamConnection idle = fresh ? null : s.pool().pollIdle(exchange.eventLoop());
        if (idle != null) {
            exchange.markUpstreamConnected(now); // a pooled connection takes no time to get
            onConnected(idle, now);
        } else {
            s.pool().connect(exchange.eventLoop()).addListener(this);
        }
    }

    /** The new connection is made, or failed. */
    @Override
    public void operationComplete(ChannelFuture future) {
        if (done || connection != null) {
            // A connection of an attempt given up on (the exchange ended, or the request moved on).
            if (future.isSuccess()) {
                future.channel().close();
            }
            return;
        }
        if (!future.isSuccess()) {
            attemptFailed(Condition.CONNECT_ERROR, 502, future.cause(), "connect error");
            return;
        }
        long now = System.nanoTime();
        exchange.markUpstreamConnected(now);
        onConnected(ConnectionPool.connectionOf(future.channel()), now);
    }

    /** Sends the request on {@code c}, got at {@code now}: the read clock and the timer start from there. */
    private void onConnected(UpstreamConnection c, long now) {
        connection = c;
        connectionWasReused = c.isReused();
        c.attach(this);
        Channel ch = c.channel();
        HttpRequest request = exchange.request();
        if (!exchange.route().preserveHost() || !request.headers().contains(HttpHeaderNames.HOST)) {
            request.headers().set(HttpHeaderNames.HOST, server.hostHeader());
        }
        // Upstream connections always speak HTTP/1.1, so they stay reusable whatever the client spoke.
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        HttpContent piece = body.next();
        if (piece instanceof LastHttpContent whole) {
            // The whole request is in hand (every GET): one message, which the encoder writes into one buffer.
            TrailerFields.strip(whole.trailingHeaders());
            writeHead(ch, new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                    whole.content(), request.headers(), whole.trailingHeaders()));
            requestSent = true;
        } else {
            writeHead(ch, request);
            for (; piece != null; piece = body.next()) {
                writeBody(piece);
            }
        }
        ch.flush();
        deadlines.readAt(now);
        armTimer(now);
        if (!requestComplete && ch.isWritable()) {
            resumeRequestBody();
        }
    }

    private void writeHead(Channel ch, HttpRequest head) {
        if (RetryState.isIdempotent(exchange.method())) {
            ch.write(head, ch.voidPromise());
        } else {
            // Only a non-idempotent request needs to know whether any of it left, to decide on a retry.
            ch.write(head).addListener(f -> anythingWritten |= f.isSuccess());
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
            body.add(content);
        } else {
            writeBody(content);
        }
    }

    /** Flushes body pieces written since the last flush (called once per client read batch). */
    public void flushRequest() {
        if (connection != null) {
            Channel ch = connection.channel();
            ch.flush();
            if (!ch.isWritable()) {
                long now = System.nanoTime();
                if (deadlines.sendStalledAt(now)) {
                    armTimer(now);
                }
            }
        }
    }

    private void writeBody(HttpContent content) {
        if (content instanceof LastHttpContent last) {
            TrailerFields.strip(last.trailingHeaders());
            connection.channel().writeAndFlush(content, connection.channel().voidPromise());
            requestSent = true;
            deadlines.readAt(System.nanoTime());
        } else {
            connection.channel().write(content, connection.channel().voidPromise());
        }
    }

    /** The client can take more response bytes again. */
    public void onDownstreamWritable() {
        if (connection != null && !done) {
            if (upstreamUnread) {
                // The upstream's silence is counted again from now, not from before the pause.
                upstreamUnread = false;
                deadlines.readAt(System.nanoTime());
            }
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
            failedMidway(Condition.RESET, 502, message.decoderResult().cause(), "invalid response");
            return;
        }
        // One clock reading for all the marks of a head or an end (a small response is both in one);
        // the pieces of a body between them mark nothing.
        long now = message instanceof HttpResponse || message instanceof LastHttpContent ? System.nanoTime() : 0;
        if (message instanceof HttpResponse response && !onResponseHead(response, now)) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (message instanceof HttpContent content) {
            onResponseContent(content, now);
        }
    }

    /** Relays the response head; false when it was dropped because the request goes to another server. */
    private boolean onResponseHead(HttpResponse response, long now) {
        int status = response.status().code();
        String switchedTo = null;
        if (status == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            switchedTo = ProtocolUpgrade.accepted(response);
            if (switchedTo == null || exchange.upgrade() == null) {
                // A server may switch only when asked, and must say to what.
                failedMidway(Condition.RESET, 502, new IllegalStateException("unasked or unnamed protocol switch"),
                        "invalid response");
                return false;
            }
        } else if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            // 1xx interim responses are not relayed; the decoder follows each with an empty last piece.
            skippingInformational = true;
            return true;
        }
        boolean failure = retries.retriesOn(status);
        server.health().responded(status, failure);
        if (failure && isSafeToResend()) {
            UpstreamServer failed = server;
            releaseSlot();
            UpstreamServer next = retry.next(exchange, failed);
            if (next != null) {
                discardConnection();
                resend(next);
                return false;
            }
            holdSlot(failed);
        }
        responseStarted = true;
        body.dropCopies();
        exchange.markUpstreamHeader(now);
        if (upstream.tracksLatency()) {
            server.load().observe(exchange.upstreamHeaderNanos(), now);
        }
        upstreamKeepAlive = HopByHopHeaders.strip(response);
        if (switchedTo != null) {
            ProtocolUpgrade.restore(response.headers(), switchedTo);
        }
        upstream.onResponse(exchange, response, server);
        exchange.response(response);
        exchange.pipeline().runResponse(exchange);
        if (switchedTo != null) {
            startTunnel(response);
        } else {
            downstream.sendResponseHead(response);
        }
        return true;
    }

    /**
     * The server switched protocols: from now on its connection and the client's carry bytes the
     * proxy relays without reading them. The server's slot is held until the tunnel ends.
     */
    private void startTunnel(HttpResponse response) {
        done = true;
        UpstreamConnection c = connection;
        connection = null;
        Tunnel tunnel = new Tunnel(c.channel(), upstream.timeouts().read().toNanos(), this::releaseSlot);
        c.switchProtocols(tunnel.upstreamRelay());
        downstream.switchProtocols(response, tunnel);
    }

    /** A piece of the response body; {@code now} is the clock reading when it is the last piece. */
    private void onResponseContent(HttpContent content, long now) {
        if (skippingInformational) {
            content.release();
            skippingInformational = !(content instanceof LastHttpContent);
            return;
        }
        exchange.addResponseBodyBytes(content.content().readableBytes());
        if (content instanceof LastHttpContent last) {
            TrailerFields.strip(last.trailingHeaders());
            finish(now);
        }
        downstream.sendResponseContent(content);
    }

    @Override
    public void onUpstreamReadComplete() {
        deadlines.readAt(System.nanoTime());
        downstream.flushResponse();
        if (!done && connection != null && !downstream.isWritable()) {
            // The client is slower than the upstream: stop reading until it drains (backpressure).
            connection.channel().config().setAutoRead(false);
            upstreamUnread = true;
        }
    }

    @Override
    public void onUpstreamWritabilityChanged(boolean writable) {
        if (writable) {
            deadlines.sendResumed();
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
        if (!responseStarted && connectionWasReused && retry.hasStaleConnectionRetry() && isSafeToResend()) {
            // The server most likely closed an idle keep-alive connection as the request went out.
            releaseSlot();
            UpstreamServer next = retry.nextAfterStaleConnection(exchange);
            if (next != null) {
                resend(next);
                return;
            }
            holdSlot(server);
        }
        failedMidway(Condition.RESET, 502, cause, "connection closed");
    }

    @Override
    public void onUpstreamTimer() {
        if (done || connection == null) {
            return;
        }
        long now = System.nanoTime();
        // A paused upstream is not silent, only unread: the client's own send timeout covers a
        // client that stops reading.
        boolean awaitingUpstream = (requestSent || responseStarted) && !upstreamUnread;
        String expired = deadlines.expired(now, awaitingUpstream);
        if (expired != null) {
            timeout(expired);
        } else {
            connection.wakeWithin(now, deadlines.untilNext(now, awaitingUpstream));
        }
    }

    private void armTimer(long now) {
        if (connection != null && !done) {
            connection.wakeWithin(now, deadlines.initialWait());
        }
    }

    private void timeout(String which) {
        failedMidway(Condition.TIMEOUT, 504, new UpstreamTimeoutException("upstream " + which + " timeout"),
                which + " timeout");
    }

    /** The attempt failed: before the response, retry or answer {@code status}; during it, cut the client off. */
    private void failedMidway(Condition condition, int status, Throwable cause, String what) {
        if (responseStarted) {
            cancel();
            downstream.abortResponse(cause);
        } else {
            attemptFailed(condition, status, cause, what);
        }
    }

    /** No response has begun: counts the failure against the server, then retries or answers {@code status}. */
    private void attemptFailed(Condition condition, int status, Throwable cause, String what) {
        discardConnection();
        releaseSlot();
        server.health().requestFailed(what);
        UpstreamServer next = retries.retriesOn(condition) && isSafeToResend() ? retry.next(exchange, server) : null;
        if (next != null) {
            resend(next);
        } else {
            fail(status, cause);
        }
    }

    /** Sending the request again is harmless and possible: idempotent or not sent, and its body in hand. */
    private boolean isSafeToResend() {
        return (RetryState.isIdempotent(exchange.method()) || !anythingWritten) && body.isInHand();
    }

    /** Starts another attempt on {@code next} with the request as it was, on a fresh connection. */
    private void resend(UpstreamServer next) {
        anythingWritten = false;
        requestSent = false;
        skippingInformational = false;
        deadlines.sendResumed();
        body.rewind();
        attempt(next, true);
    }

    /** A server freed a slot while the request waited for one (on the exchange's loop). */
    void onSlotFreed() {
        if (done || slotWait == null) {
            return;
        }
        UpstreamServer s = upstream.choose(exchange, Upstream.AVAILABLE);
        if (s != null) {
            slotWait.end();
            slotWait = null;
            attempt(s, false);
        } else if (!slotWait.waitAgain()) {
            slotWait = null;
            fail(503, null);
        }
    }

    /** The request waited queue.timeout for a slot in vain. */
    void onSlotWaitTimedOut() {
        slotWait = null;
        if (!done) {
            fail(503, null);
        }
    }

    /** The response is whole: give the connection back when it can carry another request. */
    private void finish(long now) {
        done = true;
        exchange.markUpstreamEnd(now);
        body.dropCopies();
        releaseSlot();
        UpstreamConnection c = connection;
        connection = null;
        if (c != null) {
            if (requestSent && upstreamKeepAlive) {
                c.release(now);
            } else {
                c.discard();
            }
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
        if (slotWait != null) {
            slotWait.end();
            slotWait = null;
        }
        if (body != null) {
            body.release();
        }
        releaseSlot();
        discardConnection();
    }

    private void discardConnection() {
        UpstreamConnection c = connection;
        connection = null;
        if (c != null) {
            c.discard();
        }
    }

    private void holdSlot(UpstreamServer s) {
        if (upstream.tracksLoad()) {
            s.acquire();
            holdsSlot = true;
        }
    }

    private void releaseSlot() {
        if (holdsSlot) {
            holdsSlot = false;
            server.release();
        }
    }
}
