package io.gatehouse.pipeline;

import io.gatehouse.route.Route;
import io.gatehouse.upstream.UpstreamServer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * One request and its response as the phases see it, whatever protocol the client speaks.
 * The request head is the one that will be forwarded: phases rewrite it in place. Lives on one
 * event loop, so it needs no locks.
 */
public final class Exchange {

    private final Pipeline pipeline;
    private final EventLoop eventLoop;
    private final HttpRequest request;
    private final ClientInfo client;
    private final String method;
    private final String originalUri;
    private final String protocol;
    private String host;
    private final long startNanos = System.nanoTime();

    private String requestId;
    private String upgrade;
    private Route route;
    private String path;
    private UpstreamServer server;
    private HttpResponse response;
    private int status;
    private long responseBodyBytes;
    private long upstreamStartNanos = -1;
    private long connectNanos = -1;
    private long headerNanos = -1;
    private long upstreamEndNanos = -1;
    private long endNanos = -1;
    private Throwable failure;
    private boolean completed;

    /** An exchange for a request in HTTP/1.x, the version its request line says. */
    public Exchange(Pipeline pipeline, EventLoop eventLoop, HttpRequest request, ClientInfo client) {
        this(pipeline, eventLoop, request, client, request.protocolVersion().text());
    }

    /** @param protocol "HTTP/1.1", "HTTP/1.0" or "HTTP/2.0": what the client spoke */
    public Exchange(Pipeline pipeline, EventLoop eventLoop, HttpRequest request, ClientInfo client, String protocol) {
        this.pipeline = pipeline;
        this.eventLoop = eventLoop;
        this.request = request;
        this.client = client;
        this.method = request.method().name();
        this.originalUri = request.uri();
        this.protocol = protocol;

    }

    /** The lower-cased host the client asked for, without port; empty when it sent none. */
    static String hostWithoutPort(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return "";
        }
        String h = hostHeader;
        if (h.charAt(0) == '[') {
            int end = h.indexOf(']');
            h = end > 0 ? h.substring(0, end + 1) : h;
        } else {
            int colon = h.lastIndexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        if (!h.isEmpty() && h.charAt(h.length() - 1) == '.') {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(java.util.Locale.ROOT);
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    public Pipeline pipeline() { return pipeline; }
    public EventLoop eventLoop() { return eventLoop; }
    /** The request head to forward; phases may change it. */
    public HttpRequest request() { return request; }
    public ClientInfo client() { return client; }
    /** The method as received. */
    public String method() { return method; }
    /** The request target as received, for logs. */
    public String originalUri() { return originalUri; }
    /** "HTTP/1.1", "HTTP/1.0" or "HTTP/2.0", as received. */
    public String protocol() { return protocol; }
    /** The lower-cased host the client asked for, without port (worked out on first use). */
    public String host() {
        if (host == null) {
            host = hostWithoutPort(request.headers().get(HttpHeaderNames.HOST));
        }
        return host;
    }

    /** The path as received, without the query: what routes match on (worked out on first use). */
    public String path() {
        if (path == null) {
            path = pathOf(originalUri);
        }
        return path;
    }
    /**
     * When the exchange began on the wall clock (epoch milliseconds), worked out when asked from the
     * time that has passed since: most exchanges are never logged, and spare the clock reading.
     */
    public long startMillis() {
        return System.currentTimeMillis() - (System.nanoTime() - startNanos) / 1_000_000;
    }

    public String requestId() { return requestId; }
    public void requestId(String id) { this.requestId = id; }

    /** The protocols the client asked to switch to ({@code Upgrade}, such as websocket), or {@code null}. */
    public String upgrade() { return upgrade; }
    public void upgrade(String protocols) { this.upgrade = protocols; }

    /** The matched route, or {@code null} before routing or when none matched. */
    public Route route() { return route; }
    public void route(Route route) { this.route = route; }

    /** The upstream server the request went to (the last one tried), or {@code null}. */
    public UpstreamServer server() { return server; }
    public void server(UpstreamServer server) { this.server = server; }

    /** The response head being sent to the client, or {@code null} before it is known. */
    public HttpResponse response() { return response; }
    public void response(HttpResponse response) {
        this.response = response;
        this.status = response.status().code();
    }

    /** The status sent to the client, 0 if none (the client went away first). */
    public int status() { return status; }

    public long responseBodyBytes() { return responseBodyBytes; }
    public void addResponseBodyBytes(long n) { responseBodyBytes += n; }

    /**
     * An attempt to reach an upstream server begins (again, on a retry): upstream times count from here.
     *
     * @return the time read for it, for the caller's own marks ({@link System#nanoTime()}; a clock
     *         reading costs tens of nanoseconds, and a request takes several)
     */
    public long markUpstreamStart() {
        upstreamStartNanos = System.nanoTime();
        connectNanos = -1;
        headerNanos = -1;
        return upstreamStartNanos;
    }
    /** The marks below take the caller's reading of {@link System#nanoTime()}. */
    public void markUpstreamConnected(long now) { connectNanos = now; }
    public void markUpstreamHeader(long now) { headerNanos = now; }
    public void markUpstreamEnd(long now) { upstreamEndNanos = now; }
    /** Nanos to get a connection (0 for a pooled one), or -1. Like nginx's $upstream_connect_time. */
    public long upstreamConnectNanos() { return since(connectNanos); }
    /** Nanos to the upstream response head, or -1. Like $upstream_header_time. */
    public long upstreamHeaderNanos() { return since(headerNanos); }
    /** Nanos to the last byte from upstream (or the failure), or -1. Like $upstream_response_time. */
    public long upstreamResponseNanos() { return since(upstreamEndNanos); }

    private long since(long mark) {
        return mark < 0 || upstreamStartNanos < 0 ? -1 : mark - upstreamStartNanos;
    }
    /** When the exchange ended ({@link System#nanoTime()}), or -1 while it runs. */
    public long endNanos() { return endNanos; }
    /** Nanos from start to the end of the exchange, or -1 while it runs. */
    public long durationNanos() { return endNanos < 0 ? -1 : endNanos - startNanos; }

    /** The first failure that hit this exchange, or {@code null}. */
    public Throwable failure() { return failure; }
    public void noteFailure(Throwable t) {
        if (failure == null) {
            failure = t;
        }
    }

    public boolean isCompleted() { return completed; }

    /** Ends the exchange: runs the completion hooks, once. */
    public void complete(Throwable failure) {
        if (completed) {
            return;
        }
        completed = true;
        endNanos = System.nanoTime();
        if (upstreamStartNanos >= 0 && upstreamEndNanos < 0) {
            upstreamEndNanos = endNanos;
        }
        noteFailure(failure);
        pipeline.runComplete(this, this.failure);
    }
}
