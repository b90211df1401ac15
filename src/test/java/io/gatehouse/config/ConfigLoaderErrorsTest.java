package io.gatehouse.config;

import static io.gatehouse.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each kind of problem in a key, with its exact FILE:LINE:COL, key path and message. */
class ConfigLoaderErrorsTest {

    /** Two lines that make a valid file on their own. */
    private static final String LISTENER = "listeners:\n  - address: :8080\n";

    @Test
    void unknownKeysSuggestTheClosestKnownKey() {
        assertEquals(List.of("gatehouse.yaml:2:5: listeners[0].adress: unknown key; did you mean \"address\"?"),
                problems("listeners:\n  - adress: :8080\n"));
        assertEquals(List.of("gatehouse.yaml:3:1: upstream: unknown key; did you mean \"upstreams\"?"),
                problems(LISTENER + "upstream: {}\n"));
        assertEquals(List.of("gatehouse.yaml:3:12: timeouts.Client-Header: unknown key; did you mean \"client_header\"?"),
                problems(LISTENER + "timeouts: {Client-Header: 5s}\n"));
    }

    @Test
    void unknownKeysWithoutACloseMatchListTheKnownKeys() {
        assertEquals(List.of("gatehouse.yaml:3:5: listeners[0].colour: unknown key"
                + " (known keys: name, address, max_connections, tls, http2, redirect_https)"),
                problems(LISTENER + "    colour: red\n"));
    }

    @Test
    void tlsCertificateWithoutKeyIsReported() {
        assertEquals(List.of("gatehouse.yaml:3:10: listeners[0].tls.key: required key is missing"),
                problems(LISTENER + "    tls: {cert: a.pem}\n"));
    }

    @Test
    void wrongTypesNameWhatWasExpected() {
        assertEquals(List.of(
                "gatehouse.yaml:3:22: listeners[0].max_connections: expected a whole number, got \"1.5\"",
                "gatehouse.yaml:6:16: upstreams.api.keepalive: expected a whole number, got \"lots\"",
                "gatehouse.yaml:7:15: upstreams.api.timeouts: expected a mapping, got a list",
                "gatehouse.yaml:10:20: routes[0].preserve_host: expected true or false, got \"maybe\"",
                "gatehouse.yaml:11:12: routes[0].match: expected a mapping, got \"/api\"",
                "gatehouse.yaml:12:11: routes[0].name: expected a string, got a mapping"),
                problems(LISTENER + """
                            max_connections: 1.5
                        upstreams:
                          api:
                            keepalive: lots
                            timeouts: [5s]
                            servers: [127.0.0.1:4000]
                        routes:
                          - preserve_host: maybe
                            match: /api
                            name: {a: b}
                            upstream: api
                        """));
    }

    @Test
    void wholeNumbersMustBeInRange() {
        assertEquals(List.of(
                "gatehouse.yaml:3:22: listeners[0].max_connections: must be at least 1, got 0",
                "gatehouse.yaml:6:16: upstreams.api.keepalive: must be at least 0, got -1",
                "gatehouse.yaml:7:51: upstreams.api.servers[0].weight: must be at least 1, got 99999999999"),
                problems(LISTENER + """
                            max_connections: 0
                        upstreams:
                          api:
                            keepalive: -1
                            servers: [{address: "127.0.0.1:4000", weight: 99999999999}]
                        """));
    }

    @Test
    void missingRequiredKeysAreReportedWhereTheirParentStarts() {
        assertEquals(List.of(
                "gatehouse.yaml:1:1: listeners: required key is missing",
                "gatehouse.yaml:3:5: upstreams.api.servers: required key is missing",
                "gatehouse.yaml:5:5: routes[0].upstream: required key is missing"),
                problems("""
                        upstreams:
                          api:
                            keepalive: 4
                        routes:
                          - name: x
                        """));
    }

    @Test
    void listsThatMustNotBeEmpty() {
        assertEquals(List.of(
                "gatehouse.yaml:1:11: listeners: needs at least one listener, e.g. - address: :8080",
                "gatehouse.yaml:3:16: upstreams.a.servers: needs at least one server, e.g. - 127.0.0.1:4000"),
                problems("listeners:\nupstreams:\n  a: {servers: []}\n"));
    }

    @Test
    void durationsNeedAUnit() {
        assertEquals(List.of(
                "gatehouse.yaml:4:18: timeouts.client_header: \"5 sec\" is not a duration; use e.g. 5s, 250ms",
                "gatehouse.yaml:5:16: timeouts.client_body: \"5\" is not a duration; use e.g. 5s, 250ms",
                "gatehouse.yaml:6:14: timeouts.keepalive: must be more than 0",
                "gatehouse.yaml:7:9: timeouts.send: \"-1s\" is not a duration: it cannot be negative",
                "gatehouse.yaml:10:22: upstreams.api.timeouts.read: \"5 sec\" is not a duration; use e.g. 5s, 250ms",
                "gatehouse.yaml:11:19: upstreams.api.idle_timeout: must be more than 0"),
                problems(LISTENER + """
                        timeouts:
                          client_header: 5 sec
                          client_body: 5
                          keepalive: 0s
                          send: -1s
                        upstreams:
                          api:
                            timeouts: {read: 5 sec}
                            idle_timeout: 0ms
                            servers: [127.0.0.1:4000]
                        """));
    }

    @Test
    void sizesNeedAUnitAndARange() {
        assertEquals(List.of(
                "gatehouse.yaml:4:21: limits.max_request_body: \"ten megs\" is not a size; use e.g. 512B, 64KB, 10MB",
                "gatehouse.yaml:5:20: limits.max_header_size: must be from 64B to 1MB, got 2MB",
                "gatehouse.yaml:6:19: limits.max_uri_length: must be from 16B to 1MB, got 8",
                "gatehouse.yaml:7:19: limits.request_buffer: \"-1KB\" is not a size: it cannot be negative"),
                problems(LISTENER + """
                        limits:
                          max_request_body: ten megs
                          max_header_size: 2MB
                          max_uri_length: 8
                          request_buffer: -1KB
                        """));
        assertEquals(List.of("gatehouse.yaml:3:26: limits.request_buffer: must be from 0B to 16MB, got 17MB"),
                problems(LISTENER + "limits: {request_buffer: 17MB}\n"));
        assertEquals(List.of("gatehouse.yaml:3:34: limits.max_concurrent_streams: must be from 1 to 10000, got 0"),
                problems(LISTENER + "limits: {max_concurrent_streams: 0}\n"));
    }

    @Test
    void listenersMustNotCollide() {
        assertEquals(List.of(
                "gatehouse.yaml:4:11: listeners[1].name: \"a\" is already the name of listeners[0]",
                "gatehouse.yaml:5:14: listeners[1].address: 127.0.0.1:8080 is already taken by listeners[0] (127.0.0.1:8080)",
                "gatehouse.yaml:9:14: listeners[4].address: 127.0.0.1:9000 is already taken by listeners[3] (:9000)"),
                problems("""
                        listeners:
                          - name: a
                            address: 127.0.0.1:8080
                          - name: a
                            address: 127.0.0.1:8080
                          - name: b
                            address: 127.0.0.1:0
                          - address: :9000
                          - address: 127.0.0.1:9000
                          - address: 127.0.0.1:0
                          - address: 127.0.0.2:8080
                        """));
    }

    @Test
    void listenerAddressesAreHostPort() {
        assertEquals(List.of(
                "gatehouse.yaml:2:14: listeners[0].address: \"localhost\" is not host:port;"
                        + " use e.g. 127.0.0.1:8080, :8080 or [::1]:8080",
                "gatehouse.yaml:3:14: listeners[1].address: \"h:70000\": the port must be a number from 0 to 65535"),
                problems("listeners:\n  - address: localhost\n  - address: h:70000\n"));
    }

    @Test
    void upstreamNamesAndServersAreChecked() {
        assertEquals(List.of(
                "gatehouse.yaml:4:3: upstreams.my api: an upstream name may use only letters, digits, \"_\", \".\" and \"-\"",
                "gatehouse.yaml:7:9: upstreams.api.servers[0]: \":4000\" needs a host, e.g. 127.0.0.1:4000",
                "gatehouse.yaml:8:18: upstreams.api.servers[1].address: a server needs a port from 1 to 65535, got 0",
                "gatehouse.yaml:9:9: upstreams.api.servers[2]: \"ftp://x:1\": a server address is host:port,"
                        + " http://host:port or https://host:port",
                "gatehouse.yaml:10:9: upstreams.api.servers[3].address: required key is missing",
                "gatehouse.yaml:10:10: upstreams.api.servers[3].wieght: unknown key; did you mean \"weight\"?"),
                problems(LISTENER + """
                        upstreams:
                          "my api": {servers: [127.0.0.1:4000]}
                          api:
                            servers:
                              - :4000
                              - address: 127.0.0.1:0
                              - ftp://x:1
                              - {wieght: 2}
                        """));
    }

    @Test
    void reportsEveryProblemAtOnceInFileOrder() {
        assertEquals(List.of(
                "gatehouse.yaml:2:5: listeners[0].adress: unknown key; did you mean \"address\"?",
                "gatehouse.yaml:5:16: upstreams.api.keepalive: expected a whole number, got \"lots\"",
                "gatehouse.yaml:8:15: routes[0].upstream: no upstream named \"ap1\" (known: api)",
                "gatehouse.yaml:10:21: limits.max_request_body: \"ten megs\" is not a size; use e.g. 512B, 64KB, 10MB",
                "gatehouse.yaml:11:12: timeouts.read: unknown key (known keys: client_header, client_body, keepalive,"
                        + " send, drain)"),
                problems("""
                        listeners:
                          - adress: :8080
                        upstreams:
                          api:
                            keepalive: lots
                            servers: [127.0.0.1:4000]
                        routes:
                          - upstream: ap1
                        limits:
                          max_request_body: ten megs
                        timeouts: {read: 5 sec}
                        """));
    }
}
