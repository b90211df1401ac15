package io.gatehouse.pipeline;

import io.gatehouse.pipeline.phase.AccessLogPhase;
import io.gatehouse.pipeline.phase.ClientCertificatePhase;
import io.gatehouse.pipeline.phase.DateHeaderPhase;
import io.gatehouse.pipeline.phase.ForwardingHeadersPhase;
import io.gatehouse.pipeline.phase.LimitsPhase;
import io.gatehouse.pipeline.phase.RequestIdPhase;
import io.gatehouse.pipeline.phase.ResponseHeadersPhase;
import io.gatehouse.pipeline.phase.RouteMatchPhase;
import io.gatehouse.pipeline.phase.UpstreamHeadersPhase;
import io.gatehouse.metrics.AccessLog;
import io.gatehouse.config.LimitsConfig;
import io.gatehouse.route.Router;
import java.util.List;
import java.util.function.Consumer;

/**
 * The ordered phases every request passes through before it is forwarded. Request hooks run in
 * list order, response hooks in reverse order, completion hooks once per request.
 */
public final class Pipeline {

    private final Phase[] phases;

    public Pipeline(List<Phase> phases) {
        this.phases = phases.toArray(new Phase[0]);
    }

    /** The built-in order; later capabilities add their phases here. */
    public static Pipeline standard(LimitsConfig limits, Router router, AccessLog accessLog) {
        return new Pipeline(List.of(
                new AccessLogPhase(accessLog),
                new RequestIdPhase(),
                new LimitsPhase(limits),
                new ClientCertificatePhase(),
                new RouteMatchPhase(router),
                new ResponseHeadersPhase(),
                // After the route's response_headers in list order, so before them on the way back:
                // a rule may still remove the Date it adds.
                new DateHeaderPhase(),
                new ForwardingHeadersPhase(),
                new UpstreamHeadersPhase()));
    }

    /**
     * Runs the request hooks from the first phase. {@code done} receives {@link Decision.Continue}
     * or {@link Decision.Respond}, always on the exchange's event loop.
     */
    public void runRequest(Exchange exchange, Consumer<Decision> done) {
        runFrom(0, exchange, done);
    }

    private void runFrom(int start, Exchange exchange, Consumer<Decision> done) {
        for (int i = start; i < phases.length; i++) {
            Decision decision;
            try {
                decision = phases[i].onRequest(exchange);
            } catch (RuntimeException e) {
                exchange.noteFailure(e);
                done.accept(new Decision.Respond(500));
                return;
            }
            if (decision instanceof Decision.Await await) {
                int next = i + 1;
                await.later().whenComplete((later, error) -> exchange.eventLoop().execute(() -> {
                    if (error != null) {
                        exchange.noteFailure(error);
                        done.accept(new Decision.Respond(500));
                    } else if (later instanceof Decision.Continue) {
                        runFrom(next, exchange, done);
                    } else {
                        done.accept(later);
                    }
                }));
                return;
            }
            if (decision instanceof Decision.Respond) {
                done.accept(decision);
                return;
            }
        }
        done.accept(Decision.CONTINUE);
    }

    /** Runs the response hooks in reverse order. */
    public void runResponse(Exchange exchange) {
        for (int i = phases.length - 1; i >= 0; i--) {
            phases[i].onResponse(exchange);
        }
    }

    /** Runs the completion hooks; the exchange makes sure this happens once. */
    void runComplete(Exchange exchange, Throwable failure) {
        for (Phase phase : phases) {
            try {
                phase.onComplete(exchange, failure);
            } catch (RuntimeException ignored) {
                // A failing observer must not stop the others.
            }
        }
    }
}
