package io.gatehouse.config;

import java.time.Duration;

/**
 * {@code upstreams.<name>.timeouts}. Defaults: connect 5s, read 60s, send 60s.
 *
 * @param connect to establish the connection; exceeded -> 502
 * @param read    max silence while waiting for or streaming the response; exceeded -> 504
 * @param send    max stall while sending the request upstream; exceeded -> 504
 */
public record UpstreamTimeoutsConfig(Duration connect, Duration read, Duration send) {
    public static final UpstreamTimeoutsConfig DEFAULTS = new UpstreamTimeoutsConfig(
            Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60));
}
