package io.gatehouse.bench;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.http.HopByHopHeaders;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Pipeline;
import io.gatehouse.pipeline.phase.ForwardingHeadersPhase;
import io.gatehouse.pipeline.phase.RequestIdPhase;
import io.gatehouse.pipeline.phase.UpstreamHeadersPhase;
import io.gatehouse.route.Route;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The header work done on every request and response: the request phases that rewrite headers,
 * and the hop-by-hop strip on a browser request head and a chunked upstream response head.
 *
 * <p>These operations change the head in place, so each operation first copies a template
 * ({@link #copyRequestHead()} and {@link #copyResponseHead()} measure that copy alone; subtract
 * them to get the cost of the rewrite itself).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class HeaderRewriteBenchmark {

    private final ForwardingHeadersPhase forwarding = new ForwardingHeadersPhase();
    private final UpstreamHeadersPhase upstreamHeaders = new UpstreamHeadersPhase();
    private final RequestIdPhase requestId = new RequestIdPhase();

    private EventLoop eventLoop;
    private Pipeline pipeline;
    private Route apiRoute;
    /** What the client sent, hop-by-hop headers included. */
    private HttpRequest received;
    /** What the request phases see: hop-by-hop headers already stripped. */
    private HttpRequest stripped;
    private HttpRequest strippedWithId;
    private HttpResponse upstreamResponse;

    @Setup
    public void setUp() {
        eventLoop = new DefaultEventLoop();
        pipeline = new Pipeline(List.of());
        GatehouseConfig config = BenchFixtures.config(BenchFixtures.TYPICAL);
        apiRoute = BenchFixtures.route(config, "api");
        received = BenchFixtures.typicalRequest();
        stripped = BenchFixtures.copy(received);
        HopByHopHeaders.strip(stripped);
        strippedWithId = BenchFixtures.copy(stripped);
        strippedWithId.headers().set(RequestIdPhase.X_REQUEST_ID, "3c6e0b8a9c0f4b1d8e2a7f5d4c3b2a19");
        upstreamResponse = BenchFixtures.typicalResponse();

        BenchFixtures.check(forwardingHeaders().get("X-Forwarded-For").equals("198.51.100.23, 203.0.113.7"),
                "X-Forwarded-For is appended to");
        HttpHeaders rewritten = upstreamHeaders().request().headers();
        BenchFixtures.check(!rewritten.contains(HttpHeaderNames.COOKIE) && "prod".equals(rewritten.get("X-Env")),
                "request_headers rules apply");
        BenchFixtures.check(requestIdGenerated().requestId().length() == 32, "a new id is made");
        BenchFixtures.check(requestIdKept().requestId().startsWith("3c6e0b8a"), "a sane id is kept");
        BenchFixtures.check(!hopByHopRequest().contains(HttpHeaderNames.CONNECTION), "Connection is stripped");
        BenchFixtures.check(!hopByHopResponse().contains(HttpHeaderNames.TRANSFER_ENCODING),
                "Transfer-Encoding is stripped");
    }

    @TearDown
    public void tearDown() {
        eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    private Exchange exchange(HttpRequest template) {
        return new Exchange(pipeline, eventLoop, BenchFixtures.copy(template), BenchFixtures.CLIENT);
    }

    /** Baseline of the request benchmarks: a fresh copy of the request head and its exchange. */
    @Benchmark
    public Exchange copyRequestHead() {
        return exchange(stripped);
    }

    @Benchmark
    public HttpHeaders forwardingHeaders() {
        Exchange exchange = exchange(stripped);
        forwarding.onRequest(exchange);
        return exchange.request().headers();
    }

    /** The {@code api} route: {@code strip_prefix: /api}, remove Cookie, set X-Env, add X-Tag. */
    @Benchmark
    public Exchange upstreamHeaders() {
        Exchange exchange = exchange(stripped);
        exchange.route(apiRoute);
        upstreamHeaders.onRequest(exchange);
        return exchange;
    }

    @Benchmark
    public Exchange requestIdGenerated() {
        Exchange exchange = exchange(stripped);
        requestId.onRequest(exchange);
        return exchange;
    }

    @Benchmark
    public Exchange requestIdKept() {
        Exchange exchange = exchange(strippedWithId);
        requestId.onRequest(exchange);
        return exchange;
    }

    @Benchmark
    public HttpHeaders hopByHopRequest() {
        Exchange exchange = exchange(received);
        HopByHopHeaders.strip(exchange.request());
        return exchange.request().headers();
    }

    /** Baseline of {@link #hopByHopResponse()}. */
    @Benchmark
    public HttpResponse copyResponseHead() {
        return BenchFixtures.copy(upstreamResponse);
    }

    @Benchmark
    public HttpHeaders hopByHopResponse() {
        HttpResponse response = BenchFixtures.copy(upstreamResponse);
        HopByHopHeaders.strip(response);
        return response.headers();
    }
}
