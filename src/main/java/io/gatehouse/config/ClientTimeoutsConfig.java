package io.gatehouse.config;

import java.time.Duration;

/**
 * {@code timeouts}: the client side. Defaults: client_header 10s, client_body 60s,
 * keepalive 75s, send 60s, drain 30s.
 *
 * @param clientHeader to receive the complete request head; exceeded -> 408 and close
 * @param clientBody   max gap between two reads of the request body; exceeded -> 408 and close
 * @param keepalive    an idle client connection is closed after this
 * @param send         max stall while writing the response to the client; exceeded -> close
 * @param drain        on shutdown, how long in-flight requests may take to finish
 */
public record ClientTimeoutsConfig(
        Duration clientHeader, Duration clientBody, Duration keepalive, Duration send, Duration drain) {
    public static final ClientTimeoutsConfig DEFAULTS = new ClientTimeoutsConfig(
            Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(75),
            Duration.ofSeconds(60), Duration.ofSeconds(30));
}
