package io.gatehouse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/**
 * The benchmarks still measure what their names say: each setup runs its fixture checks (route
 * taken, rules applied, headers stripped) and throws when one no longer holds.
 */
class BenchmarkFixturesTest {

    @Test
    void routerCasesTakeTheExpectedRoutes() {
        RouterBenchmark b = new RouterBenchmark();
        b.setUp();
        try {
            assertEquals("r0", b.first().name());
            assertEquals("r50", b.middle().name());
            assertEquals("r99", b.last().name());
            assertNull(b.noMatch());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void headerRewritesApply() {
        HeaderRewriteBenchmark b = new HeaderRewriteBenchmark();
        b.setUp();
        b.tearDown();
    }

    @Test
    void typicalRequestRunsThroughTheStandardPipeline() {
        PipelineBenchmark b = new PipelineBenchmark();
        b.setUp();
        b.tearDown();
    }

    @Test
    void requestIdsAre32HexDigits() {
        assertEquals(32, new RequestIdBenchmark().generate().length());
    }
}
