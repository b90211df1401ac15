package io.gatehouse.config;

import java.util.Set;

/**
 * {@code upstreams.<name>.retries}. Defaults: attempts 1, on [connect_error], budget 20%.
 *
 * @param attempts      extra tries after the first, each on another server when there is one
 * @param on            the failures that are retried
 * @param onStatus      the response statuses that are retried (429 and 500-599)
 * @param budgetPercent retries may add at most this percentage of requests
 */
public record RetriesConfig(int attempts, Set<Condition> on, Set<Integer> onStatus, int budgetPercent) {

    /** A failure that may be retried. */
    public enum Condition {
        /** The connection could not be made (nothing was sent). */
        CONNECT_ERROR,
        /** The connection closed, or the response was invalid, before a complete response head. */
        RESET,
        /** timeouts.read ran out before the response head, or timeouts.send ran out. */
        TIMEOUT
    }

    public static final RetriesConfig DEFAULTS = new RetriesConfig(1, Set.of(Condition.CONNECT_ERROR), Set.of(), 20);

    public RetriesConfig {
        on = Set.copyOf(on);
        onStatus = Set.copyOf(onStatus);
    }
}
