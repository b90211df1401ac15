package io.gatehouse.config;

import static io.gatehouse.config.ConfigLoaderTest.SOURCE;
import static io.gatehouse.config.ConfigLoaderTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Problems in routes, their match conditions and header rules, and in access_log. */
class ConfigLoaderRoutesTest {

    /** Six lines: a listener, upstreams api and web, and the routes key. */
    private static final String HEAD = """
            listeners:
              - address: :8080
            upstreams:
              api: {servers: [127.0.0.1:4000]}
              web: {servers: [127.0.0.1:4001]}
            routes:
            """;

    @Test
    void routesMustNameAKnownUpstream() {
        assertEquals(List.of("gatehouse.yaml:8:15: routes[1].upstream: no upstream named \"ap1\" (known: api, web)"),
                problems(HEAD + "  - upstream: api\n  - upstream: ap1\n"));
        assertEquals(List.of("gatehouse.yaml:4:15: routes[0].upstream: no upstream named \"api\" (no upstreams are defined)"),
                problems("listeners:\n  - address: :8080\nroutes:\n  - upstream: api\n"));
    }

    @Test
    void matchConditionsAreChecked() {
        String notAName = " is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)";
        assertEquals(List.of(
                "gatehouse.yaml:9:13: routes[0].match.host: \"a.*.com\": a wildcard may only be the whole first label,"
                        + " e.g. *.example.com",
                "gatehouse.yaml:11:20: routes[0].match.path_prefix: path and path_prefix cannot both be set; keep one",
                "gatehouse.yaml:12:22: routes[0].match.methods[1]: \"GE T\" is not a valid HTTP method",
                "gatehouse.yaml:13:17: routes[0].match.headers.X Bad: \"X Bad\"" + notAName,
                "gatehouse.yaml:13:35: routes[0].match.headers.X-Ok: a header value cannot contain CR, LF or NUL",
                "gatehouse.yaml:15:25: routes[1].match.path_regex: \"[a\" is not a valid regex:"
                        + " Unclosed character class near index 1",
                "gatehouse.yaml:15:37: routes[1].match.host: \"api.example.com:8080\": leave out the port;"
                        + " hosts are compared without it",
                "gatehouse.yaml:17:19: routes[2].match.path: must start with \"/\", got \"api\"",
                "gatehouse.yaml:17:30: routes[2].match.host: \"*\" matches every host; leave out match.host instead"),
                problems(HEAD + """
                          - upstream: api
                            match:
                              host: "a.*.com"
                              path: /x
                              path_prefix: y
                              methods: [GET, "GE T"]
                              headers: {"X Bad": v, X-Ok: "a\\nb"}
                          - upstream: web
                            match: {path_regex: "[a", host: "api.example.com:8080"}
                          - upstream: web
                            match: {path: api, host: "*"}
                        """));
    }

    @Test
    void routeKeysAreChecked() {
        assertEquals(List.of(
                "gatehouse.yaml:8:19: routes[0].strip_prefix: must start with \"/\", got \"api\"",
                "gatehouse.yaml:9:34: routes[0].request_headers.set.X-A: a header value cannot contain CR, LF or NUL",
                "gatehouse.yaml:9:54: routes[0].request_headers.remove[0]: \"bad header\" is not a valid header name"
                        + " (letters, digits and !#$%&'*+-.^_`|~ only)",
                "gatehouse.yaml:9:69: routes[0].request_headers.delete: unknown key (known keys: set, add, remove)",
                "gatehouse.yaml:10:23: routes[0].response_headers: expected a mapping, got a list",
                "gatehouse.yaml:13:11: routes[1].name: \"dup\" is already the name of routes[0]",
                "gatehouse.yaml:14:5: routes[1].mach: unknown key; did you mean \"match\"?"),
                problems(HEAD + """
                          - upstream: api
                            strip_prefix: api
                            request_headers: {set: {X-A: "a\\r\\nb"}, remove: ["bad header"], delete: []}
                            response_headers: [Server]
                            name: dup
                          - upstream: api
                            name: dup
                            mach: {}
                        """));
    }

    @Test
    void rulesCannotWriteFramingOrConnectionFieldsNorValuesThatCannotBeSent() {
        // A rule that set Content-Length or Transfer-Encoding would make the two ends of a hop
        // disagree on where a message ends; a value with surrounding whitespace is not a valid field.
        assertEquals(List.of(
                "gatehouse.yaml:8:29: routes[0].request_headers.set.Content-Length: Content-Length frames the"
                        + " message or manages the connection, which Gatehouse sets itself; it cannot be set, added"
                        + " or removed by a rule",
                "gatehouse.yaml:8:57: routes[0].request_headers.add.transfer-encoding: transfer-encoding frames the"
                        + " message or manages the connection, which Gatehouse sets itself; it cannot be set, added"
                        + " or removed by a rule",
                "gatehouse.yaml:8:95: routes[0].request_headers.remove[0]: Connection frames the message or manages"
                        + " the connection, which Gatehouse sets itself; it cannot be set, added or removed by a rule",
                "gatehouse.yaml:9:38: routes[0].response_headers.set.X-Lead: a header value cannot start or end with"
                        + " a space or tab, or contain control characters",
                "gatehouse.yaml:9:52: routes[0].response_headers.set.X-Bell: a header value cannot start or end with"
                        + " a space or tab, or contain control characters"),
                problems(HEAD + """
                          - upstream: api
                            request_headers: {set: {Content-Length: "5"}, add: {transfer-encoding: chunked}, remove: [Connection]}
                            response_headers: {set: {X-Lead: " a", X-Bell: "a\\x07"}}
                        """));
    }

    @Test
    void headerValuesKeepTheirTextAndIpv6HostsAreAllowed() throws ConfigException {
        RouteConfig route = ConfigLoader.parse(HEAD + """
                  - upstream: api
                    match: {host: "[::1]", headers: {X-Flag: yes}}
                    response_headers: {add: {X-Port: 8080, X-Off: off}}
                """, SOURCE).routes().get(0);

        assertEquals("[::1]", route.match().host());
        assertEquals(Map.of("X-Flag", "yes"), route.match().headers());
        assertEquals(Map.of("X-Port", "8080", "X-Off", "off"), route.responseHeaders().add());
    }

    @Test
    void accessLogKeysAreChecked() {
        assertEquals(List.of(
                "gatehouse.yaml:3:20: access_log.path: expected stdout, off or a file path, got \"yes\"",
                "gatehouse.yaml:3:33: access_log.format: \"xml\" is not a log format; use combined or json"),
                problems("listeners:\n  - address: :8080\naccess_log: {path: yes, format: xml}\n"));
    }
}
