package io.gatehouse.config;

import java.time.Duration;

/**
 * {@code upstreams.<name>.queue}: requests waiting while every server is at its max_connections.
 * Defaults: size 100, timeout 5s.
 *
 * @param size    requests that may wait at once; more are answered 503 (0 = none wait)
 * @param timeout the longest a request waits before it is answered 503
 */
public record QueueConfig(int size, Duration timeout) {
    public static final QueueConfig DEFAULTS = new QueueConfig(100, Duration.ofSeconds(5));
}
