package io.gatehouse.http.h1;

import io.gatehouse.http.HeaderNames;
import io.gatehouse.http.HopByHopHeaders;
import io.gatehouse.http.LocalReplies;
import io.gatehouse.http.ProtocolUpgrade;
import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.pipeline.Decision;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.phase.RequestIdPhase;
import io.gatehouse.proxy.Downstream;
import io.gatehouse.proxy.ProxyCall;
import io.gatehouse.proxy.Tunnel;
import io.gatehouse.server.Gateway;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The exchanges of one client: turns decoded requests into exchanges, runs the pipeline, hands the
 * request to a {@link ProxyCall}, and writes the response back with the right framing and
 * keep-alive. The client is an HTTP/1.x connection or one HTTP/2 stream, reached through its
 * {@link ClientEnd}. Requests are served one at a time; pipelined ones wait, decoded, in a queue
 * that cannot grow past one socket read because nothing more is read meanwhile.
 *
 * <p>A request body up to {@code limits.request_buffer} is read whole before the upstream is
 * contacted, so a slow upload costs no upstream connection; larger bodies stream.
 */
public final class ClientExchanges implements Downstream {

    private enum State { IDLE, PHASES, BUFFERING, FORWARDING, RESPONDED, TUNNEL, CLOSED }

    private static final FullHttpResponse CONTINUE =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE);

    private final Gateway gateway;
    private final ClientEnd end;
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>(4);
    private final ClientTimer timer;
    private ClientInfo client;
    /** Whether any byte of an HTTP/1.x request has arrived on this connection. */
    private boolean requestBytesSeen;

    private State state = State.IDLE;
    private Exchange exchange;
    private ProxyCall call;
    private List<HttpContent> bodyBuffer;
    private long bodyBuffered;
    private long bodyReceived;
    private boolean requestComplete;
    private boolean requestKeepAlive;
    private boolean responseKeepAlive;
    private boolean responseHeadSent;
    /** A response head not written yet: the piece after it may complete it (see {@link #sendResponseContent}). */
    private HttpResponse pendingHead;
    private boolean expectContinue;
    /** The request under way asked to switch protocols: nothing more is read until the answer. */
    private boolean switchAsked;

    /** One request per HTTP/2 stream; framing and connection headers are the HTTP/2 codec's. */
    private final boolean http2Stream;
    /** How an HTTP/1.1 connection switches protocols; {@code null} for an HTTP/2 stream. */
    private final ProtocolSwitch protocolSwitch;
    private final Consumer<Decision> phasesDone = this::onPhasesDone;

    public ClientExchanges(Gateway gateway, ClientEnd end, boolean http2Stream, ProtocolSwitch protocolSwitch) {
        this.gateway = gateway;
        this.end = end;
        this.http2Stream = http2Stream;
        this.protocolSwitch = protocolSwitch;
        this.timer = new ClientTimer(this, gateway.timeouts());
    }

    /**
     * The client is there: an HTTP/1.x connection now waits for its first request head; an HTTP/2
     * stream comes with its head.
     */
    public void start(ClientInfo client) {
        this.client = client;
        if (!http2Stream) {
            timer.awaitHead(end.eventLoop());
        }
    }

    /** Bytes of a new request arrived on an idle keep-alive connection: the head must now come quickly. */
    void onRequestBytes() {
        requestBytesSeen = true;
        if (state == State.IDLE && inbound.isEmpty()) {
            timer.requestBytes(end.eventLoop());
        }
    }

    /** A decoded request head or body piece from the client; ownership passes. */
    public void onMessage(HttpObject message) {
        if (state == State.CLOSED) {
            ReferenceCountUtil.release(message);
            return;
        }
        inbound.add(message);
        process();
    }

    /** The client's messages of one socket read are all in: what was forwarded goes out now. */
    public void onReadComplete() {
        if (call != null) {
            call.flushRequest();
        }
        updateReading();
    }

    /**
     * Reads from the client only while its input can be used: always between requests and while
     * collecting a body, while the upstream takes the body, and otherwise just until something is
     * queued (a pipelined request waits, decoded, and stops further reading). The channel reads on
     * its own (autoRead) so the common case costs no system call to re-arm reading.
     */
    private void updateReading() {
        if (state == State.TUNNEL) {
            return; // the tunnel reads for itself
        }
        boolean want = !switchAsked && switch (state) {
            case IDLE, BUFFERING -> true;
            case FORWARDING -> requestComplete ? inbound.isEmpty() : call.canTakeBody();
            case PHASES, RESPONDED -> inbound.isEmpty();
            case TUNNEL, CLOSED -> false;
        };
        end.setReading(want);
    }

    /** Moves queued input forward as far as the current state allows, then adjusts reading. */
    private void process() {
        drainInbound();
        updateReading();
    }

    private void drainInbound() {
        while (true) {
            switch (state) {
                case IDLE -> {
                    HttpObject next = inbound.poll();
                    if (next == null) {
                        return;
                    }
                    if (next instanceof HttpRequest request) {
                        beginRequest(request);
                    } else {
                        ReferenceCountUtil.release(next);
                    }
                }
                case BUFFERING -> {
                    HttpContent piece = nextBodyPiece();
                    if (piece == null) {
                        return;
                    }
                    bodyBuffer.add(piece);
                    bodyBuffered += piece.content().readableBytes();
                    if (requestComplete || bodyBuffered >= gateway.limits().requestBuffer()) {
                        startForwarding();
                    }
                }
                case FORWARDING -> {
                    if (requestComplete || !call.canTakeBody()) {
                        timer.stopBody();
                        return;
                    }
                    HttpContent piece = nextBodyPiece();
                    if (piece == null) {
                        return;
                    }
                    call.onRequestContent(piece);
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** The next queued body piece that passed the checks, or null (nothing queued: the body timer runs). */
    private HttpContent nextBodyPiece() {
        HttpContent piece = (HttpContent) inbound.poll();
        if (piece == null) {
            timer.awaitBody(end.eventLoop());
            return null;
        }
        return acceptBody(piece) ? piece : null;
    }

    private void beginRequest(HttpRequest request) {
        timer.stopHead();
        state = State.PHASES;
        requestComplete = false;
        responseHeadSent = false;
        bodyReceived = 0;
        Throwable malformed = request.decoderResult().isFailure() ? request.decoderResult().cause() : null;
        String problem = null;
        if (malformed == null) {
            problem = RequestChecks.problem(request);
            if (problem == null) {
                problem = AbsoluteForm.normalize(request);
            }
        }
        exchange = new Exchange(gateway.pipeline(), end.eventLoop(), request, client, protocolOf(request));
        if (malformed != null || problem != null) {
            exchange.requestId(RequestIdPhase.generate());
            exchange.noteFailure(malformed != null ? malformed : new IllegalArgumentException(problem));
            requestKeepAlive = false;
            respondLocally(malformed != null ? statusForDecoderFailure(malformed) : 400);
            return;
        }
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        expectContinue = checkExpect(request);
        String upgrade = protocolSwitch == null ? null : ProtocolUpgrade.requested(request);
        requestKeepAlive = HopByHopHeaders.strip(request) && !gateway.isDraining();
        if (upgrade != null) {
            askToSwitch(upgrade);
        }
        if (chunked) {
            request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        gateway.pipeline().runRequest(exchange, phasesDone);
    }

    /**
     * The request asks to switch protocols (such as WebSocket): it goes upstream with its
     * {@code Upgrade}, and the bytes after its head wait unread. If the upstream does not switch,
     * they cannot be read as HTTP either, so the connection closes after the answer.
     */
    private void askToSwitch(String protocols) {
        switchAsked = true;
        requestKeepAlive = false;
        exchange.upgrade(protocols);
        ProtocolUpgrade.restore(exchange.request().headers(), protocols);
        protocolSwitch.holdRequestBytes();
    }

    /**
     * Whether the client waits for {@code 100 Continue}; removes the {@code Expect}, which the proxy
     * itself answers when it reads the body, so it is not forwarded. An HTTP/1.0 client gets no 1xx
     * answer (RFC 9110 section 15.2): its expectation is ignored (section 10.1.1).
     */
    private static boolean checkExpect(HttpRequest request) {
        HttpHeaders headers = request.headers();
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect == null) {
            return false;
        }
        headers.remove(HttpHeaderNames.EXPECT);
        return HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect)
                && !request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    }

    /** The protocol the access log names: a refused request line's version is logged as it came. */
    private String protocolOf(HttpRequest request) {
        if (http2Stream) {
            return "HTTP/2.0";
        }
        return request instanceof RefusedRequestLine refused ? refused.receivedVersion() : request.protocolVersion().text();
    }

    private static int statusForDecoderFailure(Throwable cause) {
        if (cause instanceof UnsupportedVersionException) {
            return 505;
        }
        if (cause instanceof TooLongHttpLineException) {
            return 414;
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return 431;
        }
        return cause instanceof TooLongFrameException ? 431 : 400;
    }

    private void onPhasesDone(Decision decision) {
        if (state != State.PHASES) {
            return;
        }
        if (decision instanceof Decision.Respond respond) {
            respondLocally(respond.status());
            return;
        }
        state = State.BUFFERING;
        bodyBuffer = new ArrayList<>(2);
        bodyBuffered = 0;
        if (expectContinue && !isBodyless(exchange.request())) {
            end.write(CONTINUE.retainedDuplicate());
            end.flush();
        }
        process();
    }

    /** Counts a body piece against max_request_body; false (and 413) when it goes over. */
    private boolean acceptBody(HttpContent piece) {
        if (piece.decoderResult().isFailure()) {
            exchange.noteFailure(piece.decoderResult().cause());
            piece.release();
            requestKeepAlive = false;
            failBeforeResponse(400, null);
            return false;
        }
        timer.bodyProgress();
        bodyReceived += piece.content().readableBytes();
        long max = gateway.limits().maxRequestBody();
        if (max > 0 && bodyReceived > max) {
            piece.release();
            requestKeepAlive = false;
            failBeforeResponse(413, null);
            return false;
        }
        if (piece instanceof LastHttpContent) {
            requestComplete = true;
            timer.stopBody();
        }
        return true;
    }

    private void startForwarding() {
        state = State.FORWARDING;
        call = new ProxyCall(exchange, this);
        List<HttpContent> body = bodyBuffer;
        bodyBuffer = null;
        call.start(body, requestComplete);
    }

    // ---- Downstream: what the forwarding step tells us ----

    @Override
    public void sendResponseHead(HttpResponse head) {
        responseHeadSent = true;
        // Answering before the request body is in means the rest of it cannot be skipped safely.
        responseKeepAlive = requestKeepAlive && requestComplete && !gateway.isDraining();
        head.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (!http2Stream) {
            setHttp1Framing(head);
        }
        end.answeringHead("HEAD".equals(exchange.method()));
        // Held until the next piece or the end of this upstream read: a whole response goes out as one message.
        pendingHead = head;
    }

    /** Length, chunking and keep-alive as HTTP/1.x says them; HTTP/2 frames say them by themselves. */
    private void setHttp1Framing(HttpResponse head) {
        HttpHeaders h = head.headers();
        if (!h.contains(HttpHeaderNames.CONTENT_LENGTH) && mayHaveBody(head)) {
            if (exchange.protocol().equals("HTTP/1.0")) {
                responseKeepAlive = false;
            } else {
                h.set(HeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        if (!responseKeepAlive) {
            h.set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (exchange.protocol().equals("HTTP/1.0")) {
            h.set(HeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    private boolean mayHaveBody(HttpResponse head) {
        int code = head.status().code();
        return code >= 200 && code != 204 && code != 304 && !"HEAD".equals(exchange.method());
    }

    @Override
    public void sendResponseContent(HttpContent content) {
        if (pendingHead != null) {
            content = withPendingHead(content);
        }
        if (!(content instanceof LastHttpContent)) {
            end.write(content);
            return;
        }
        if (responseKeepAlive) {
            end.write(content);
        } else {
            end.writeAndClose(content);
        }
        finishExchange();
    }

    /**
     * The held head with {@code content}: one full response when the content ends the body without
     * trailers (the encoder then writes head and body into one buffer), else the head goes out first.
     */
    private HttpContent withPendingHead(HttpContent content) {
        HttpResponse head = pendingHead;
        pendingHead = null;
        if (content instanceof LastHttpContent last && last.trailingHeaders().isEmpty()) {
            return new DefaultFullHttpResponse(head.protocolVersion(), head.status(), last.content(), head.headers(),
                    last.trailingHeaders());
        }
        end.write(head);
        return content;
    }

    @Override
    public void switchProtocols(HttpResponse head, Tunnel tunnel) {
        responseHeadSent = true;
        state = State.TUNNEL;
        timer.stopAll();
        end.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, head.status(), Unpooled.EMPTY_BUFFER,
                head.headers(), EmptyHttpHeaders.INSTANCE));
        tunnel.start(protocolSwitch.switchToRelay(tunnel.clientRelay()), this::tunnelEnded);
    }

    /** The tunnel closed: its exchange is logged with the bytes relayed to the client as its body. */
    private void tunnelEnded(Tunnel tunnel) {
        Exchange done = exchange;
        if (done == null) {
            return;
        }
        exchange = null;
        call = null;
        state = State.CLOSED;
        done.addResponseBodyBytes(tunnel.bytesFromUpstream());
        done.markUpstreamEnd(System.nanoTime());
        done.complete(tunnel.failure());
    }

    @Override
    public void flushResponse() {
        if (pendingHead != null) {
            end.write(pendingHead);
            pendingHead = null;
        }
        end.flush();
    }

    @Override
    public boolean isWritable() {
        return end.isWritable();
    }

    @Override
    public void resumeRequestBody() {
        if (state == State.FORWARDING) {
            process();
        }
    }

    @Override
    public void failBeforeResponse(int status, Throwable cause) {
        if (cause != null) {
            exchange.noteFailure(cause);
        }
        if (!requestComplete) {
            requestKeepAlive = false;
        }
        respondLocally(status);
    }

    /**
     * Cuts a response that already began: what was passed on so far goes out first (the head and
     * the body up to the failure, as nginx does), so the client sees a response that stops short
     * rather than none, and the access log's status and size are what it got.
     */
    @Override
    public void abortResponse(Throwable cause) {
        exchange.noteFailure(cause);
        flushResponse();
        end.close();
    }

    /** Answers the current exchange from the proxy itself; cuts the connection if a response already began. */
    private void respondLocally(int status) {
        if (call != null) {
            call.cancel();
        }
        if (responseHeadSent) {
            end.close();
            return;
        }
        releaseBody();
        if (!requestComplete && state != State.PHASES) {
            requestKeepAlive = false;
        }
        if (status >= 400 && state == State.PHASES && !isBodyless(exchange.request())) {
            // The body was never read: the connection cannot be reused.
            requestKeepAlive = false;
        }
        FullHttpResponse response = LocalReplies.error(end.alloc(), status, exchange.requestId());
        exchange.response(response);
        exchange.pipeline().runResponse(exchange);
        responseHeadSent = true;
        responseKeepAlive = requestKeepAlive && !gateway.isDraining();
        if (!responseKeepAlive) {
            response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        state = State.RESPONDED;
        boolean head = "HEAD".equals(exchange.method());
        if (!head) {
            exchange.addResponseBodyBytes(response.content().readableBytes());
        }
        end.answeringHead(head);
        if (responseKeepAlive) {
            end.write(response);
            end.flush();
        } else {
            end.writeAndClose(response);
        }
        finishExchange();
    }

    private static boolean isBodyless(HttpRequest request) {
        try {
            return !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
        } catch (NumberFormatException e) {
            // A head the decoder refused may keep a Content-Length like "5, 6": assume a body follows.
            return false;
        }
    }

    /** The response is handed over: log the exchange and get ready for the next request or close. */
    private void finishExchange() {
        Exchange done = exchange;
        exchange = null;
        call = null;
        done.complete(null);
        // An HTTP/2 stream carries one request; the codec ends the stream with the response.
        if (http2Stream || !responseKeepAlive) {
            state = State.CLOSED;
            timer.stopAll();
            releaseQueued();
            if (http2Stream) {
                end.flush();
            }
            return;
        }
        state = State.IDLE;
        timer.awaitNextRequest(end.eventLoop(), inbound.isEmpty(), done.endNanos());
        end.flush();
        process();
    }

    /** Shutdown: close if idle, else close after the current response. */
    public void drain() {
        if (state == State.IDLE && inbound.isEmpty()) {
            end.close();
        } else {
            requestKeepAlive = false;
        }
    }

    /** A client-side timeout expired. */
    void onTimeout(ClientTimer.Kind kind) {
        switch (kind) {
            case KEEPALIVE -> end.close();
            case HEAD -> {
                if (state == State.IDLE && !requestBytesSeen) {
                    // Not one byte of a request: nobody to answer (nginx does the same), and on a
                    // listener that also takes HTTP/2 the client may not even speak HTTP/1.x.
                    state = State.CLOSED;
                    end.close();
                } else if (state == State.IDLE) {
                    exchange = null;
                    sendTimeoutAndClose();
                }
            }
            case BODY -> {
                if (exchange != null && !responseHeadSent) {
                    exchange.noteFailure(new java.util.concurrent.TimeoutException("client body timeout"));
                    requestKeepAlive = false;
                    respondLocally(408);
                } else {
                    end.close();
                }
            }
            case SEND -> end.close();
        }
    }

    private void sendTimeoutAndClose() {
        // No exchange exists yet, so no response phase adds the id the body names.
        String requestId = RequestIdPhase.generate();
        FullHttpResponse response = LocalReplies.error(end.alloc(), 408, requestId);
        response.headers().set(RequestIdPhase.X_REQUEST_ID, requestId);
        response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        state = State.CLOSED;
        end.answeringHead(false);
        end.writeAndClose(response);
    }

    /** The client began or stopped taking response bytes. */
    public void onWritabilityChanged() {
        if (state == State.CLOSED) {
            return;
        }
        boolean writable = end.isWritable();
        timer.writeStalled(end.eventLoop(), !writable);
        if (writable && call != null) {
            call.onDownstreamWritable();
        }
    }

    /** The client is gone: what is under way is cancelled. */
    public void onClosed() {
        state = State.CLOSED;
        timer.stopAll();
        if (call != null) {
            call.cancel();
            call = null;
        }
        releaseBody();
        releaseQueued();
        if (exchange != null) {
            Exchange gone = exchange;
            exchange = null;
            gone.complete(new ClosedChannelException());
        }
    }

    /** Something failed on the client's side; the exchange under way notes it as its cause. */
    public void onError(Throwable cause) {
        if (exchange != null) {
            exchange.noteFailure(cause);
        }
    }

    private void releaseBody() {
        if (bodyBuffer != null) {
            bodyBuffer.forEach(ReferenceCountUtil::release);
            bodyBuffer = null;
        }
    }

    private void releaseQueued() {
        HttpObject m;
        while ((m = inbound.poll()) != null) {
            ReferenceCountUtil.release(m);
        }
    }
}
