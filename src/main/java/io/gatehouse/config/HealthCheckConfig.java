package io.gatehouse.config;

import java.time.Duration;

/**
 * {@code upstreams.<name>.health_check}: active checks of every server. Defaults: type http, path
 * /, interval 5s, timeout 2s, fall 3, rise 2, expect_status 200-399.
 *
 * @param path           the request target of an http check
 * @param fall           consecutive failed checks that mark a server down
 * @param rise           consecutive passed checks that mark it up again
 * @param expectStatusMin the lowest status that passes an http check
 * @param expectStatusMax the highest status that passes an http check
 */
public record HealthCheckConfig(Type type, String path, Duration interval, Duration timeout, int fall, int rise,
                                int expectStatusMin, int expectStatusMax) {

    /** What a check does: an HTTP request, or just a TCP connect. */
    public enum Type { HTTP, TCP }

    public static final HealthCheckConfig DEFAULTS = new HealthCheckConfig(Type.HTTP, "/",
            Duration.ofSeconds(5), Duration.ofSeconds(2), 3, 2, 200, 399);
}
