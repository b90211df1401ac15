package io.gatehouse.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private final EventLoop loop = new DefaultEventLoop();
    private final List<String> ran = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private Phase phase(String name, Supplier<Decision> decision) {
        return new Phase() {
            @Override
            public Decision onRequest(Exchange exchange) {
                ran.add(name + (loop.inEventLoop() ? "@loop" : ""));
                return decision.get();
            }
        };
    }

    /** Runs the request hooks on the event loop, as a connection does, and waits for the decision. */
    private Decision run(Pipeline pipeline, Exchange exchange) throws Exception {
        CompletableFuture<Decision> done = new CompletableFuture<>();
        loop.execute(() -> pipeline.runRequest(exchange, decision -> {
            assertTrue(loop.inEventLoop(), "the decision is delivered on the exchange's event loop");
            done.complete(decision);
        }));
        return done.get(5, TimeUnit.SECONDS);
    }

    private Exchange exchange() {
        return new Exchange(null, loop, new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"),
                ClientInfo.of(new InetSocketAddress("127.0.0.1", 5000), "http", 80));
    }

    @Test
    void everyPhaseRunsInOrderAndTheRequestGoesOn() throws Exception {
        Pipeline pipeline = new Pipeline(List.of(phase("a", () -> Decision.CONTINUE), phase("b", () -> Decision.CONTINUE)));
        assertSame(Decision.CONTINUE, run(pipeline, exchange()));
        assertEquals(List.of("a@loop", "b@loop"), ran);
    }

    @Test
    void aLocalAnswerStopsThePhasesAfterIt() throws Exception {
        Pipeline pipeline = new Pipeline(List.of(
                phase("a", () -> new Decision.Respond(403)), phase("b", () -> Decision.CONTINUE)));
        assertEquals(new Decision.Respond(403), run(pipeline, exchange()));
        assertEquals(List.of("a@loop"), ran);
    }

    @Test
    void anAwaitResumesWithTheNextPhaseOnTheEventLoop() throws Exception {
        CompletableFuture<Decision> later = new CompletableFuture<>();
        Pipeline pipeline = new Pipeline(List.of(
                phase("a", () -> new Decision.Await(later)), phase("b", () -> Decision.CONTINUE)));
        // Completed from another thread, as a lookup's answer would be.
        new Thread(() -> later.complete(Decision.CONTINUE)).start();
        assertSame(Decision.CONTINUE, run(pipeline, exchange()));
        assertEquals(List.of("a@loop", "b@loop"), ran);
    }

    @Test
    void anAwaitThatAnswersStopsThePhasesAfterIt() throws Exception {
        Pipeline pipeline = new Pipeline(List.of(
                phase("a", () -> new Decision.Await(CompletableFuture.completedFuture(new Decision.Respond(429)))),
                phase("b", () -> Decision.CONTINUE)));
        assertEquals(new Decision.Respond(429), run(pipeline, exchange()));
        assertEquals(List.of("a@loop"), ran);
    }

    @Test
    void aFailedAwaitOrAPhaseThatThrowsAnswers500() throws Exception {
        IllegalStateException lookupFailed = new IllegalStateException("lookup failed");
        Exchange awaiting = exchange();
        Pipeline failing = new Pipeline(List.of(
                phase("a", () -> new Decision.Await(CompletableFuture.failedFuture(lookupFailed))),
                phase("b", () -> Decision.CONTINUE)));
        assertEquals(new Decision.Respond(500), run(failing, awaiting));
        assertSame(lookupFailed, awaiting.failure());

        Exchange throwing = exchange();
        IllegalArgumentException bug = new IllegalArgumentException("bug");
        Pipeline throwingPipeline = new Pipeline(List.of(phase("c", () -> {
            throw bug;
        }), phase("d", () -> Decision.CONTINUE)));
        assertEquals(new Decision.Respond(500), run(throwingPipeline, throwing));
        assertSame(bug, throwing.failure());
        assertEquals(List.of("a@loop", "c@loop"), ran);
    }
}
