package io.gatehouse.config;

import static io.gatehouse.config.ConfigLoaderTest.SOURCE;
import static io.gatehouse.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keys of upstreams.NAME that choose, check and retry servers: values, defaults and errors. */
class ConfigLoaderUpstreamsTest {

    private static final String HEAD = "listeners: [{address: \":8080\"}]\nupstreams:\n  api:\n";

    private static UpstreamConfig api(String body) throws ConfigException {
        return ConfigLoader.parse(HEAD + body.indent(4), SOURCE).upstreams().get("api");
    }

    private static List<String> apiProblems(String body) {
        return problems(HEAD + body.indent(4));
    }

    @Test
    void readsEveryKey() throws ConfigException {
        UpstreamConfig api = api("""
                balance: hash
                hash_key: header:X-User
                sticky: {cookie: gh_route, ttl: 1h}
                servers:
                  - address: 127.0.0.1:4000
                    weight: 3
                    max_fails: 3
                    fail_timeout: 30s
                    max_connections: 10
                  - address: 127.0.0.1:4001
                    backup: true
                  - address: 127.0.0.1:4002
                    down: true
                    max_fails: 0
                health_check:
                  type: http
                  path: /health
                  interval: 5s
                  timeout: 2s
                  fall: 3
                  rise: 2
                  expect_status: 200-299
                retries:
                  attempts: 2
                  on: [connect_error, reset, timeout, 502, 503, 504, 429]
                  budget: 25%
                outlier_detection: {consecutive_5xx: 4, ejection_time: 10s, max_ejected: 30%}
                queue: {size: 5, timeout: 1s}
                """);
        assertEquals(UpstreamConfig.Balance.HASH, api.balance());
        assertEquals(new HashKeyConfig(HashKeyConfig.Kind.HEADER, "X-User"), api.hashKey());
        assertEquals(new StickyConfig("gh_route", Duration.ofHours(1)), api.sticky());
        assertEquals(List.of(
                new ServerConfig(new HostPort("127.0.0.1", 4000), 3, false, 3, Duration.ofSeconds(30), 10,
                        Duration.ZERO, false, false),
                new ServerConfig(new HostPort("127.0.0.1", 4001), 1, false, 1, Duration.ofSeconds(10), 0,
                        Duration.ZERO, true, false),
                new ServerConfig(new HostPort("127.0.0.1", 4002), 1, false, 0, Duration.ofSeconds(10), 0,
                        Duration.ZERO, false, true)), api.servers());
        assertEquals(new HealthCheckConfig(HealthCheckConfig.Type.HTTP, "/health", Duration.ofSeconds(5),
                Duration.ofSeconds(2), 3, 2, 200, 299), api.healthCheck());
        assertEquals(new RetriesConfig(2, Set.of(RetriesConfig.Condition.CONNECT_ERROR, RetriesConfig.Condition.RESET,
                RetriesConfig.Condition.TIMEOUT), Set.of(502, 503, 504, 429), 25), api.retries());
        assertEquals(new OutlierDetectionConfig(4, Duration.ofSeconds(10), 30), api.outlierDetection());
        assertEquals(new QueueConfig(5, Duration.ofSeconds(1)), api.queue());
    }

    @Test
    void defaults() throws ConfigException {
        UpstreamConfig api = api("servers: [127.0.0.1:4000]\n");
        assertEquals(UpstreamConfig.Balance.ROUND_ROBIN, api.balance());
        assertNull(api.hashKey());
        assertNull(api.sticky());
        assertNull(api.healthCheck());
        assertNull(api.outlierDetection());
        assertNull(api.resolve());
        assertEquals(new RetriesConfig(1, Set.of(RetriesConfig.Condition.CONNECT_ERROR), Set.of(), 20), api.retries());
        assertEquals(QueueConfig.DEFAULTS, api.queue());
        assertEquals(new ServerConfig(new HostPort("127.0.0.1", 4000), 1, false), api.servers().get(0));
        assertEquals(HealthCheckConfig.DEFAULTS, api("servers: [127.0.0.1:4000]\nhealth_check: {}\n").healthCheck());
        assertEquals(OutlierDetectionConfig.DEFAULTS,
                api("servers: [127.0.0.1:4000]\noutlier_detection: {}\n").outlierDetection());
    }

    @Test
    void everyBalanceMethodAndHashKeyIsRead() throws ConfigException {
        for (UpstreamConfig.Balance b : UpstreamConfig.Balance.values()) {
            String name = b.name().toLowerCase();
            String key = b == UpstreamConfig.Balance.HASH ? "hash_key: uri\n" : "";
            assertEquals(b, api("servers: [127.0.0.1:4000]\nbalance: " + name + "\n" + key).balance());
        }
        assertEquals(new HashKeyConfig(HashKeyConfig.Kind.CLIENT_IP, null),
                api("servers: [127.0.0.1:4000]\nbalance: hash\nhash_key: client_ip\n").hashKey());
        assertEquals(new HashKeyConfig(HashKeyConfig.Kind.COOKIE, "session"),
                api("servers: [127.0.0.1:4000]\nbalance: hash\nhash_key: cookie:session\n").hashKey());
    }

    @Test
    void resolveAppliesToHostNames() throws ConfigException {
        assertEquals(Duration.ofSeconds(30), api("servers: [api.internal:4000]\nresolve: 30s\n").resolve());
        assertEquals(List.of("gatehouse.yaml:5:14: upstreams.api.resolve: applies to servers given by host name,"
                + " and every server here is an IP address; remove it"),
                apiProblems("servers: [127.0.0.1:4000]\nresolve: 30s\n"));
    }

    @Test
    void badValuesAreReportedWithTheirPlace() {
        assertEquals(List.of(
                "gatehouse.yaml:4:14: upstreams.api.balance: \"fastest\" is not valid;"
                        + " use round_robin, least_conn, least_time, random, ip_hash or hash",
                "gatehouse.yaml:7:20: upstreams.api.servers[0].max_fails: must be at least 0, got -1",
                "gatehouse.yaml:8:23: upstreams.api.servers[0].fail_timeout: must be more than 0",
                "gatehouse.yaml:9:17: upstreams.api.servers[0].backup: expected true or false, got \"sometimes\"",
                "gatehouse.yaml:10:35: upstreams.api.health_check.expect_status: \"500-200\" is not a status or range"
                        + " of statuses from 100 to 599; use e.g. 200 or 200-399",
                "gatehouse.yaml:10:50: upstreams.api.health_check.type: \"udp\" is not valid; use http or tcp",
                "gatehouse.yaml:11:27: upstreams.api.retries.on[1]: \"404\" is not a retry condition;"
                        + " use connect_error, reset, timeout, 429 or a status from 500 to 599",
                "gatehouse.yaml:11:41: upstreams.api.retries.budget: \"lots\" is not a percentage from 0% to 100%;"
                        + " use e.g. 20%",
                "gatehouse.yaml:12:13: upstreams.api.sticky.cookie: required key is missing",
                "gatehouse.yaml:12:19: upstreams.api.sticky.ttl: \"soon\" is not a duration; use e.g. 5s, 250ms",
                "gatehouse.yaml:13:38: upstreams.api.outlier_detection.max_ejected: \"0%\" is not a percentage"
                        + " from 1% to 100%; use e.g. 20%",
                "gatehouse.yaml:14:13: upstreams.api.queue.length: unknown key (known keys: size, timeout)"),
                apiProblems("""
                        balance: fastest
                        servers:
                          - address: 127.0.0.1:4000
                            max_fails: -1
                            fail_timeout: 0s
                            backup: sometimes
                        health_check: {expect_status: 500-200, type: udp}
                        retries: {on: [reset, 404], budget: lots}
                        sticky: {ttl: soon}
                        outlier_detection: {max_ejected: 0%}
                        queue: {length: 3}
                        """));
    }

    @Test
    void keysThatWouldHaveNoEffectAreErrors() {
        assertEquals(List.of(
                "gatehouse.yaml:4:14: upstreams.api.balance: balance hash needs hash_key: uri, client_ip,"
                        + " header:NAME or cookie:NAME"),
                apiProblems("balance: hash\nservers: [127.0.0.1:4000]\n"));
        assertEquals(List.of(
                "gatehouse.yaml:5:15: upstreams.api.hash_key: applies to balance hash only; remove it,"
                        + " or set balance: hash"),
                apiProblems("servers: [127.0.0.1:4000]\nhash_key: uri\n"));
        assertEquals(List.of(
                "gatehouse.yaml:6:47: upstreams.api.servers[0].slow_start: has no effect with balance ip_hash,"
                        + " which keeps each key on its server; remove it"),
                apiProblems("balance: ip_hash\nservers:\n  - {address: 127.0.0.1:4000, slow_start: 30s}\n"));
        assertEquals(List.of(
                "gatehouse.yaml:5:37: upstreams.api.health_check.path: applies to type http only;"
                        + " a tcp check just connects"),
                apiProblems("servers: [127.0.0.1:4000]\nhealth_check: {type: tcp, path: /health}\n"));
        assertEquals(List.of(
                "gatehouse.yaml:5:55: upstreams.api.servers[0].down: a server is either backup or down;"
                        + " remove one of them"),
                apiProblems("servers:\n  - {address: 127.0.0.1:4000, backup: true, down: true}\n"));
        assertEquals(List.of(
                "gatehouse.yaml:5:15: upstreams.api.hash_key: \"header:\" is not a hash key;"
                        + " use uri, client_ip, header:NAME or cookie:NAME"),
                apiProblems("servers: [127.0.0.1:4000]\nhash_key: \"header:\"\nbalance: hash\n"));
    }
}
