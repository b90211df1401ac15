package io.gatehouse.http.h1;

import io.gatehouse.http.HeaderNames;
import io.gatehouse.http.HopByHopHeaders;
import io.gatehouse.http.LocalReplies;
import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.pipeline.Decision;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.phase.RequestIdPhase;
import io.gatehouse.proxy.Downstream;
import io.gatehouse.proxy.ProxyCall;
import io.gatehouse.server.Gateway;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
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
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The HTTP/1.x adapter of one client connection: turns decoded requests into exchanges, runs the
 * pipeline, hands the request to a {@link ProxyCall}, and writes the response back with the right
 * framing and keep-alive. Requests are served one at a time; pipelined ones wait, decoded, in a
 * queue that cannot grow past one socket read because nothing more is read meanwhile.
 *
 * <p>A request body up to {@code limits.request_buffer} is read whole before the upstream is
 * contacted, so a slow upload costs no upstream connection; larger bodies stream.
 */
public final class Http1ServerHandler extends ChannelDuplexHandler implements Downstream {

    private enum State { IDLE, PHASES, BUFFERING, FORWARDING, RESPONDED, CLOSED }

    private static final FullHttpResponse CONTINUE =
            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE);

    private final Gateway gateway;
    private final String scheme;
    private final ArrayDeque<HttpObject> inbound = new ArrayDeque<>(4);
    private final ClientTimer timer;
    private ChannelHandlerContext ctx;
    private ClientInfo client;

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
    private boolean expectContinue;

    /** Null on HTTP/2 streams, whose codec knows about HEAD by itself. */
    private final ResponseEncoder encoder;
    private final boolean http2Stream;
    private final Consumer<Decision> phasesDone = this::onPhasesDone;

    /** A connection speaking HTTP/1.x: the encoder is told which responses answer HEAD. */
    Http1ServerHandler(Gateway gateway, String scheme, ResponseEncoder encoder) {
        this(gateway, scheme, encoder, false);
    }

    /**
     * One HTTP/2 stream, seen through Netty's frame-to-HttpObject codec: the same exchange logic,
     * with framing and connection headers left to the HTTP/2 codec.
     */
    public static Http1ServerHandler forHttp2Stream(Gateway gateway, String scheme) {
        return new Http1ServerHandler(gateway, scheme, null, true);
    }

    private Http1ServerHandler(Gateway gateway, String scheme, ResponseEncoder encoder, boolean http2Stream) {
        this.gateway = gateway;
        this.scheme = scheme;
        this.encoder = encoder;
        this.http2Stream = http2Stream;
        this.timer = new ClientTimer(this, gateway.timeouts());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (http2Stream) {
            // The stream's channel opens with its complete head; the client is its connection's.
            client = ClientInfo.ofHttp2Connection(ctx.channel().parent(), scheme);
        } else {
            client = ClientInfo.of(ctx.channel(), scheme);
            timer.awaitHead(ctx.executor());
        }
        ctx.fireChannelActive();
    }

    /** Bytes of a new request arrived on an idle keep-alive connection: the head must now come quickly. */
    void onRequestBytes() {
        if (state == State.IDLE && inbound.isEmpty()) {
            timer.requestBytes(ctx.executor());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (state == State.CLOSED || !(msg instanceof HttpObject http)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        inbound.add(http);
        process();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
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
        boolean want = switch (state) {
            case IDLE, BUFFERING -> true;
            case FORWARDING -> requestComplete ? inbound.isEmpty() : call.canTakeBody();
            case PHASES, RESPONDED -> inbound.isEmpty();
            case CLOSED -> false;
        };
        ChannelConfig config = ctx.channel().config();
        if (config.isAutoRead() != want) {
            config.setAutoRead(want);
        }
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
            timer.awaitBody(ctx.executor());
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
        exchange = new Exchange(gateway.pipeline(), ctx.channel().eventLoop(), request, client,
                http2Stream ? "HTTP/2.0" : request.protocolVersion().text());
        if (http2Stream) {
            Http2Conversion.removeExtensionHeaders(request.headers());
        }
        if (malformed != null || problem != null) {
            exchange.requestId(RequestIdPhase.generate());
            exchange.noteFailure(malformed != null ? malformed : new IllegalArgumentException(problem));
            requestKeepAlive = false;
            respondLocally(malformed != null ? statusForDecoderFailure(malformed) : 400);
            return;
        }
        requestKeepAlive = HopByHopHeaders.keepsAlive(request) && !gateway.isDraining();
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        expectContinue = checkExpect(request.headers());
        HopByHopHeaders.strip(request.headers());
        if (chunked) {
            request.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        gateway.pipeline().runRequest(exchange, phasesDone);
    }

    /** Remembers and removes {@code Expect: 100-continue}: the proxy itself answers it when it reads the body. */
    private static boolean checkExpect(HttpHeaders headers) {
        String expect = headers.get(HttpHeaderNames.EXPECT);
        if (expect == null) {
            return false;
        }
        headers.remove(HttpHeaderNames.EXPECT);
        return HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(expect);
    }

    private static int statusForDecoderFailure(Throwable cause) {
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
            ctx.writeAndFlush(CONTINUE.retainedDuplicate(), ctx.voidPromise());
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
        exchange.addRequestBodyBytes(piece.content().readableBytes());
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
        HttpHeaders h = head.headers();
        head.setProtocolVersion(HttpVersion.HTTP_1_1);
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
        answeringHead("HEAD".equals(exchange.method()));
        ctx.write(head, ctx.voidPromise());
    }

    private void answeringHead(boolean head) {
        if (encoder != null) {
            encoder.answeringHead(head);
        }
    }

    private boolean mayHaveBody(HttpResponse head) {
        int code = head.status().code();
        return code >= 200 && code != 204 && code != 304 && !"HEAD".equals(exchange.method());
    }

    @Override
    public void sendResponseContent(HttpContent content) {
        if (!(content instanceof LastHttpContent)) {
            ctx.write(content, ctx.voidPromise());
            return;
        }
        if (responseKeepAlive) {
            ctx.write(content, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(content).addListener(ChannelFutureListener.CLOSE);
        }
        finishExchange();
    }

    @Override
    public void flushResponse() {
        ctx.flush();
    }

    @Override
    public boolean isWritable() {
        return ctx.channel().isWritable();
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

    @Override
    public void abortResponse(Throwable cause) {
        exchange.noteFailure(cause);
        ctx.close();
    }

    /** Answers the current exchange from the proxy itself; cuts the connection if a response already began. */
    private void respondLocally(int status) {
        if (call != null) {
            call.cancel();
        }
        if (responseHeadSent) {
            ctx.close();
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
        FullHttpResponse response = LocalReplies.error(ctx.alloc(), status, exchange.requestId());
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
        answeringHead(head);
        if (responseKeepAlive) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
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
            releaseQueued();
            if (http2Stream) {
                ctx.flush();
            }
            return;
        }
        state = State.IDLE;
        timer.awaitNextRequest(ctx.executor(), inbound.isEmpty());
        ctx.flush();
        process();
    }

    /** Shutdown: close if idle, else close after the current response. */
    public void drain() {
        if (state == State.IDLE && inbound.isEmpty()) {
            ctx.close();
        } else {
            requestKeepAlive = false;
        }
    }

    /** A client-side timeout expired. */
    void onTimeout(ClientTimer.Kind kind) {
        switch (kind) {
            case KEEPALIVE -> ctx.close();
            case HEAD -> {
                if (state == State.IDLE) {
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
                    ctx.close();
                }
            }
            case SEND -> ctx.close();
        }
    }

    private void sendTimeoutAndClose() {
        // No exchange exists yet, so no response phase adds the id the body names.
        String requestId = RequestIdPhase.generate();
        FullHttpResponse response = LocalReplies.error(ctx.alloc(), 408, requestId);
        response.headers().set(RequestIdPhase.X_REQUEST_ID, requestId);
        response.headers().set(HeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        state = State.CLOSED;
        answeringHead(false);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        boolean writable = ctx.channel().isWritable();
        timer.writeStalled(ctx.executor(), !writable);
        if (writable && call != null) {
            call.onDownstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
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
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (exchange != null) {
            exchange.noteFailure(cause);
        }
        // A stream error on an HTTP/2 stream: the multiplexer resets the stream with the error's own
        // code right after this (RFC 9113 section 5.4.2); closing first would send CANCEL instead.
        if (!(http2Stream && cause instanceof Http2Exception)) {
            ctx.close();
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
