package io.gatehouse.bench;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.http.HopByHopHeaders;
import io.gatehouse.metrics.AccessLog;
import io.gatehouse.pipeline.Decision;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Pipeline;
import io.gatehouse.pipeline.phase.RequestIdPhase;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The whole {@link Pipeline#standard} on a typical request (the {@code api} route of
 * {@link BenchFixtures#TYPICAL}, fourth in a table of five), access log off: the request phases
 * alone, and the request phases plus the response phases and completion. Each operation copies
 * the (already hop-by-hop stripped) heads first; {@link #newExchange()} measures that copy alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class PipelineBenchmark {

    private EventLoop eventLoop;
    private Pipeline pipeline;
    private HttpRequest request;
    private HttpResponse response;
    private Decision decision;
    private final Consumer<Decision> done = d -> decision = d;

    @Setup
    public void setUp() {
        eventLoop = new DefaultEventLoop();
        GatehouseConfig config = BenchFixtures.config(BenchFixtures.TYPICAL);
        pipeline = Pipeline.standard(config.limits(), BenchFixtures.router(config), AccessLog.OFF);
        request = BenchFixtures.typicalRequest();
        HopByHopHeaders.strip(request);
        response = BenchFixtures.typicalResponse();
        HopByHopHeaders.strip(response);

        Exchange exchange = fullCycle();
        BenchFixtures.check(decision == Decision.CONTINUE, "the typical request is forwarded");
        BenchFixtures.check("api".equals(exchange.route().name()), "the typical request takes the api route");
        BenchFixtures.check("/users/42/orders?page=2".equals(exchange.request().uri()), "strip_prefix applies");
        BenchFixtures.check("DENY".equals(exchange.response().headers().get("X-Frame-Options")),
                "response_headers rules apply");
        BenchFixtures.check(exchange.requestId().equals(exchange.response().headers().get(RequestIdPhase.X_REQUEST_ID)),
                "the request id is echoed");
        BenchFixtures.check(exchange.isCompleted(), "the exchange completes");
    }

    @TearDown
    public void tearDown() {
        eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    /** Baseline: a fresh copy of the request head and its exchange. */
    @Benchmark
    public Exchange newExchange() {
        return new Exchange(pipeline, eventLoop, BenchFixtures.copy(request), BenchFixtures.CLIENT);
    }

    @Benchmark
    public Exchange runRequest() {
        Exchange exchange = newExchange();
        pipeline.runRequest(exchange, done);
        return exchange;
    }

    /** Request phases, then a copied response head through the response phases, then completion. */
    @Benchmark
    public Exchange fullCycle() {
        Exchange exchange = runRequest();
        exchange.response(BenchFixtures.copy(response));
        pipeline.runResponse(exchange);
        exchange.complete(null);
        return exchange;
    }
}
