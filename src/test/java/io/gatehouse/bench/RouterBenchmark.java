package io.gatehouse.bench;

import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Pipeline;
import io.gatehouse.route.Route;
import io.gatehouse.route.Router;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
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
 * Route matching over 100 routes of mixed conditions (see {@link BenchFixtures#hundredRoutes()}):
 * a request that the first route takes, one that route 50 takes, one that the last route takes,
 * and one that no route takes (the 404 path, every condition tried). The exchanges are built once;
 * matching does not change them.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class RouterBenchmark {

    private EventLoop eventLoop;
    private Router router;
    private Exchange first;
    private Exchange middle;
    private Exchange last;
    private Exchange noMatch;

    @Setup
    public void setUp() {
        eventLoop = new DefaultEventLoop();
        router = BenchFixtures.router(BenchFixtures.config(BenchFixtures.hundredRoutes()));
        Pipeline pipeline = new Pipeline(List.of());
        first = exchange(pipeline, "GET", "/orders/17", "svc0.example.com");
        middle = exchange(pipeline, "GET", "/exact/50", "www.example.com");
        last = exchange(pipeline, "GET", "/items/99/12345", "www.example.com");
        noMatch = exchange(pipeline, "GET", "/nothing/here", "www.example.com");
        expect(first, "r0");
        expect(middle, "r50");
        expect(last, "r99");
        expect(noMatch, null);
    }

    private Exchange exchange(Pipeline pipeline, String method, String uri, String host) {
        return new Exchange(pipeline, eventLoop, BenchFixtures.request(method, uri, host, "X-Tenant", "acme"),
                BenchFixtures.CLIENT);
    }

    private void expect(Exchange exchange, String routeName) {
        Route route = router.match(exchange);
        BenchFixtures.check(routeName == null ? route == null : route != null && routeName.equals(route.name()),
                exchange.path() + " should match " + routeName);
    }

    @TearDown
    public void tearDown() {
        eventLoop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Benchmark
    public Route first() {
        return router.match(first);
    }

    @Benchmark
    public Route middle() {
        return router.match(middle);
    }

    @Benchmark
    public Route last() {
        return router.match(last);
    }

    @Benchmark
    public Route noMatch() {
        return router.match(noMatch);
    }
}
