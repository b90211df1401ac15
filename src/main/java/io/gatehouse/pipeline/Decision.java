package io.gatehouse.pipeline;

import java.util.concurrent.CompletionStage;

/** What a phase decided about a request: go on, answer it now, or wait for something. */
public sealed interface Decision {

    Decision CONTINUE = new Continue();

    /** Go on with the next phase, and then forward the request. */
    record Continue() implements Decision {
    }

    /** Answer the request locally with this status and a short body. */
    record Respond(int status) implements Decision {
    }

    /** Wait for asynchronous work; the pipeline resumes on the exchange's event loop. */
    record Await(CompletionStage<Decision> later) implements Decision {
    }
}
