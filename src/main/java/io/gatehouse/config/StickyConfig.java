package io.gatehouse.config;

import java.time.Duration;

/**
 * {@code upstreams.<name>.sticky}: session affinity by cookie. {@code cookie} is required; ttl
 * defaults to none, a session cookie.
 *
 * @param cookie the cookie's name
 * @param ttl    its Max-Age, or {@code null} for a cookie that ends with the browser session
 */
public record StickyConfig(String cookie, Duration ttl) {}
