package io.gatehouse.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.config.RetriesConfig;
import io.gatehouse.config.RetriesConfig.Condition;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which failures are retried, and the budget: at most budget% of requests plus a small reserve. */
class RetryPolicyTest {

    @Test
    void onlyListedFailuresAndStatusesAreRetried() {
        RetryPolicy p = new RetryPolicy(new RetriesConfig(2, Set.of(Condition.CONNECT_ERROR, Condition.TIMEOUT),
                Set.of(502, 503), 20));
        assertEquals(2, p.attempts());
        assertTrue(p.retriesOn(Condition.CONNECT_ERROR));
        assertTrue(p.retriesOn(Condition.TIMEOUT));
        assertFalse(p.retriesOn(Condition.RESET));
        assertTrue(p.retriesOn(503));
        assertFalse(p.retriesOn(500));
        assertFalse(p.retriesOn(200));
    }

    @Test
    void retriesStayWithinTheBudgetPlusTheReserve() {
        RetryPolicy p = new RetryPolicy(new RetriesConfig(1, Set.of(Condition.CONNECT_ERROR), Set.of(), 20));
        int retries = 0;
        for (int i = 0; i < 1000; i++) {
            p.countRequest();
            if (p.tryRetry()) {
                retries++;
            }
        }
        assertTrue(retries >= 200 && retries <= 200 + RetryPolicy.RESERVE, "20% of 1000 plus the reserve: " + retries);
    }

    @Test
    void aQuietUpstreamKeepsAFullReserveAndNoMore() {
        RetryPolicy p = new RetryPolicy(new RetriesConfig(1, Set.of(), Set.of(), 50));
        for (int i = 0; i < 10_000; i++) {
            p.countRequest();
        }
        int retries = 0;
        while (p.tryRetry()) {
            retries++;
        }
        assertEquals(RetryPolicy.RESERVE, retries);
        RetryPolicy none = new RetryPolicy(new RetriesConfig(1, Set.of(), Set.of(), 0));
        for (int i = 0; i < RetryPolicy.RESERVE; i++) {
            none.countRequest();
            assertTrue(none.tryRetry());
        }
        none.countRequest();
        assertFalse(none.tryRetry(), "budget 0% leaves only the reserve");
    }
}
