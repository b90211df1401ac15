package io.gatehouse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Valid files, defaults, and problems with the file as a whole; see ConfigLoaderErrorsTest for keys. */
class ConfigLoaderTest {

    static final Path SOURCE = Path.of("gatehouse.yaml");

    static List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, SOURCE)).problems();
    }

    @Test
    void readsEveryKey() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse("""
                listeners:
                  - name: public
                    address: 0.0.0.0:8080
                    max_connections: 500
                  - address: "[::1]:0"
                upstreams:
                  api:
                    servers:
                      - address: 127.0.0.1:4000
                        weight: 3
                      - 127.0.0.1:4001
                    keepalive: 8
                    idle_timeout: 1m30s
                    timeouts: {connect: 250ms, read: 2m, send: 1h}
                  web:
                    servers: [web.internal:3000]
                    timeouts: {read: 10s}
                routes:
                  - name: api
                    match:
                      host: "*.Example.COM"
                      path_prefix: /api/
                      methods: [get, POST]
                      headers: {X-Canary: 1}
                    upstream: api
                    strip_prefix: /api
                    preserve_host: false
                    request_headers: {set: {X-Env: prod}, add: {X-Tag: a}, remove: [X-Debug]}
                    response_headers: {remove: [Server, X-Powered-By]}
                  - match: {path: /health}
                    upstream: web
                  - match: {host: web.example.com, path_regex: "^/v[0-9]+/"}
                    upstream: web
                limits:
                  max_request_body: 0
                  max_header_size: 32KB
                  max_uri_length: 512b
                  request_buffer: 1M
                  max_concurrent_streams: 50
                timeouts:
                  client_header: 5s
                  client_body: 30s
                  keepalive: 1d
                  send: 45s
                  drain: 0s
                access_log:
                  path: off
                  format: JSON
                """, SOURCE);

        assertEquals(SOURCE, config.source());
        assertEquals(List.of(
                new ListenerConfig("public", new HostPort("0.0.0.0", 8080), 500, null, true, 0),
                new ListenerConfig("listener-2", new HostPort("::1", 0), 10_000, null, true, 0)), config.listeners());

        assertEquals(List.of("api", "web"), List.copyOf(config.upstreams().keySet()));
        assertEquals(new UpstreamConfig("api",
                List.of(new ServerConfig(new HostPort("127.0.0.1", 4000), 3, false),
                        new ServerConfig(new HostPort("127.0.0.1", 4001), 1, false)),
                8, Duration.ofSeconds(90),
                new UpstreamTimeoutsConfig(Duration.ofMillis(250), Duration.ofMinutes(2), Duration.ofHours(1)),
                UpstreamTlsConfig.DEFAULTS),
                config.upstreams().get("api"));
        assertEquals(new UpstreamConfig("web", List.of(new ServerConfig(new HostPort("web.internal", 3000), 1, false)),
                32, Duration.ofSeconds(60),
                new UpstreamTimeoutsConfig(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(60)),
                UpstreamTlsConfig.DEFAULTS),
                config.upstreams().get("web"));

        assertEquals(3, config.routes().size());
        RouteConfig api = config.routes().get(0);
        assertEquals(new RouteConfig("api",
                new MatchConfig("*.example.com", null, "/api/", null, List.of("GET", "POST"), Map.of("X-Canary", "1")),
                "api", "/api", false,
                new HeaderRulesConfig(Map.of("X-Env", "prod"), Map.of("X-Tag", "a"), List.of("X-Debug")),
                new HeaderRulesConfig(Map.of(), Map.of(), List.of("Server", "X-Powered-By"))), api);
        assertEquals(new RouteConfig("route-2", new MatchConfig(null, "/health", null, null, List.of(), Map.of()),
                "web", null, true, HeaderRulesConfig.NONE, HeaderRulesConfig.NONE), config.routes().get(1));
        MatchConfig regexMatch = config.routes().get(2).match();
        assertEquals("route-3", config.routes().get(2).name());
        assertEquals("web.example.com", regexMatch.host());
        assertEquals("^/v[0-9]+/", regexMatch.pathRegex().pattern());

        assertEquals(new LimitsConfig(0, 32 << 10, 512, 1 << 20, 50), config.limits());
        assertEquals(new ClientTimeoutsConfig(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofDays(1),
                Duration.ofSeconds(45), Duration.ZERO), config.timeouts());
        assertEquals(new AccessLogConfig("off", AccessLogConfig.Format.JSON), config.accessLog());
    }

    @Test
    void fillsInDefaults() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse("listeners: [{address: \":8080\"}]\n", SOURCE);

        assertEquals(List.of(new ListenerConfig("listener-1", new HostPort("", 8080), 10_000, null, true, 0)), config.listeners());
        assertEquals(Map.of(), config.upstreams());
        assertEquals(List.of(), config.routes());
        assertEquals(LimitsConfig.DEFAULTS, config.limits());
        assertEquals(ClientTimeoutsConfig.DEFAULTS, config.timeouts());
        assertEquals(AccessLogConfig.DEFAULTS, config.accessLog());
    }

    @Test
    void quotedNumbersAndBooleansAreAccepted() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse("""
                listeners: [{address: ":8080", max_connections: "20"}]
                upstreams: {web: {servers: ["127.0.0.1:3000"], keepalive: "+4"}}
                routes: [{upstream: web, preserve_host: "False"}, {upstream: web, preserve_host: no}]
                """, SOURCE);

        assertEquals(20, config.listeners().get(0).maxConnections());
        assertEquals(4, config.upstreams().get("web").keepalive());
        assertEquals(false, config.routes().get(0).preserveHost());
        assertEquals(false, config.routes().get(1).preserveHost());
    }

    @Test
    void aRouteWithoutMatchMatchesEverything() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse("""
                listeners: [{address: ":8080"}]
                upstreams: {web: {servers: ["127.0.0.1:3000"]}}
                routes: [{upstream: web, match: {}}, {upstream: web}]
                """, SOURCE);

        assertEquals(MatchConfig.ALL, config.routes().get(0).match());
        assertEquals(MatchConfig.ALL, config.routes().get(1).match());
    }

    @Test
    void accessLogPathsResolveAgainstTheFilesDirectory() throws ConfigException {
        Path source = Path.of("/etc/gatehouse/gatehouse.yaml");
        String head = "listeners: [{address: \":8080\"}]\naccess_log: {path: ";

        assertEquals("/etc/gatehouse/logs/access.log",
                ConfigLoader.parse(head + "logs/access.log}\n", source).accessLog().path());
        assertEquals("/var/log/gatehouse.log", ConfigLoader.parse(head + "/var/log/gatehouse.log}\n", source).accessLog().path());
        assertEquals("stdout", ConfigLoader.parse(head + "stdout}\n", source).accessLog().path());
        assertEquals("off", ConfigLoader.parse(head + "\"off\"}\n", source).accessLog().path());
        assertEquals("off", ConfigLoader.parse(head + "no}\n", source).accessLog().path());
        assertEquals("access.log", ConfigLoader.parse(head + "access.log}\n", SOURCE).accessLog().path());
    }

    @Test
    void loadReadsTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("gatehouse.yaml");
        Files.writeString(file, "listeners:\n  - address: 127.0.0.1:0\naccess_log:\n  path: access.log\n");

        GatehouseConfig config = ConfigLoader.load(file);

        assertEquals(file, config.source());
        assertEquals(new HostPort("127.0.0.1", 0), config.listeners().get(0).address());
        assertEquals(dir.resolve("access.log").toString(), config.accessLog().path());
    }

    @Test
    void loadReportsAFileItCannotRead(@TempDir Path dir) {
        Path missing = dir.resolve("missing.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));
        assertEquals(List.of(missing + ": cannot read: no such file"), e.problems());
        assertEquals(missing + ": cannot read: no such file", e.getMessage());
    }

    @Test
    void loadNamesProblemsByThePathAsGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "listeners: []\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertEquals(List.of(file + ":1:12: listeners: needs at least one listener, e.g. - address: :8080"), e.problems());
    }

    @Test
    void anEmptyFileNeedsListeners() {
        String expected = "gatehouse.yaml:1:1: the file is empty; it needs at least a listeners list";
        assertEquals(List.of(expected), problems(""));
        assertEquals(List.of(expected), problems("# nothing yet\n\n"));
        assertEquals(List.of(expected), problems("---\n"));
    }

    @Test
    void theFileMustBeAMapping() {
        assertEquals(List.of("gatehouse.yaml:1:1: the file must be a mapping with keys such as listeners, upstreams"
                + " and routes, not a list"), problems("- address: :8080\n"));
    }

    @Test
    void malformedYamlIsOneProblemAtTheParsersPosition() {
        assertEquals(List.of("gatehouse.yaml:3:12: invalid YAML: mapping values are not allowed here"),
                problems("listeners:\n  - address: :8080\n    name: a: b\nroutes: nope\n"));
        assertEquals(List.of("gatehouse.yaml:2:1: invalid YAML: found character '\\t(TAB)' that cannot start any token."
                + " (Do not use \\t(TAB) for indentation)"), problems("listeners:\n\t- address: :8080\n"));
        assertEquals(List.of("gatehouse.yaml:3:1: invalid YAML: found unexpected end of stream"
                + " (while scanning a quoted scalar that starts at line 2, column 14)"),
                problems("listeners:\n  - address: \":8080\n"));
    }

    @Test
    void duplicateKeysAreReported() {
        assertEquals(List.of("gatehouse.yaml:3:5: listeners[0].address: duplicate key; it is already set on line 2"),
                problems("listeners:\n  - address: :8080\n    address: :8081\n"));
    }

    @Test
    void aliasesReuseTheAnchoredValue() throws ConfigException {
        GatehouseConfig config = ConfigLoader.parse("""
                listeners: [{address: ":8080"}]
                upstreams:
                  a: {servers: &servers ["127.0.0.1:1", "127.0.0.1:2"]}
                  b: {servers: *servers}
                """, SOURCE);
        assertEquals(config.upstreams().get("a").servers(), config.upstreams().get("b").servers());
        assertEquals(2, config.upstreams().get("b").servers().size());

        assertEquals(List.of("gatehouse.yaml:2:26: invalid YAML: alias *nope refers to no anchor &nope above it"),
                problems("listeners: [{address: \":8080\"}]\nupstreams: {b: {servers: *nope}}\n"));
    }

    @Test
    void aSecondDocumentIsReported() {
        assertEquals(List.of("gatehouse.yaml:3:1: a second YAML document starts here; a config file holds one"),
                problems("listeners: [{address: \":8080\"}]\n---\nroutes: []\n"));
    }

    @Test
    void aByteOrderMarkIsIgnored() throws ConfigException {
        assertEquals(1, ConfigLoader.parse("\uFEFFlisteners: [{address: \":8080\"}]\n", SOURCE).listeners().size());
    }

    @Test
    void withoutASourceMessagesSayConfig() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("listeners: 1\n", null));
        assertEquals(List.of("config:1:12: listeners: expected a list, got \"1\""), e.problems());
    }

    @Test
    void controlCharactersQuotedFromTheFileCannotBreakAProblemLine() {
        List<String> found = problems("listeners:\n  - address: \"127.0.0.1:1\\nfake.yaml:1:1: all good\\e[31m\"\n");

        assertEquals(1, found.size(), found.toString());
        String problem = found.get(0);
        assertTrue(problem.startsWith("gatehouse.yaml:2:14: listeners[0].address: "), problem);
        assertTrue(problem.contains("\\x0Afake.yaml:1:1: all good\\x1B[31m"), problem);
        assertTrue(problem.chars().noneMatch(c -> c < 0x20), problem);
    }
}
