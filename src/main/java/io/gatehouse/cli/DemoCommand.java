package io.gatehouse.cli;

import io.gatehouse.config.HeaderRulesConfig;
import io.gatehouse.config.HostPort;
import io.gatehouse.config.MatchConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gatehouse demo}: two built-in backends behind a proxy on 127.0.0.1:8080, and a short
 * tour of curl commands that show routing, round robin and the forwarding headers.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start two demo backends and a proxy in front of them, and show what to try.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Proxy port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--debug", description = "Debug logging and stack traces.")
    boolean debug;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port " + port + ": a port is 0 to 65535");
        }
        DemoBackend one = DemoBackend.start("backend-1");
        DemoBackend two;
        try {
            two = DemoBackend.start("backend-2");
        } catch (Exception e) {
            one.stop();
            throw e;
        }
        try {
            HostPort a = new HostPort("127.0.0.1", one.port());
            HostPort b = new HostPort("127.0.0.1", two.port());
            Map<String, io.gatehouse.config.UpstreamConfig> upstreams = new LinkedHashMap<>();
            upstreams.put("demo", QuickConfig.upstream("demo",
                    List.of(QuickConfig.server(a, false), QuickConfig.server(b, false))));
            upstreams.put("canary", QuickConfig.upstream("canary", List.of(QuickConfig.server(b, false))));
            var routeTag = new HeaderRulesConfig(Map.of(), Map.of("X-Route", "api"), List.of());
            var config = QuickConfig.config(new HostPort("127.0.0.1", port), upstreams, List.of(
                    QuickConfig.route("api", new MatchConfig(null, null, "/api/", null, List.of(), Map.of()),
                            "demo", "/api", routeTag),
                    QuickConfig.route("canary", new MatchConfig(null, null, null, null, List.of(), Map.of("X-Canary", "1")),
                            "canary", null, HeaderRulesConfig.NONE),
                    QuickConfig.route("web", MatchConfig.ALL, "demo", null, HeaderRulesConfig.NONE)));
            return Serving.serve(config, debug, () -> System.out.println(tour(one, two)));
        } finally {
            one.stop();
            two.stop();
        }
    }

    private String tour(DemoBackend one, DemoBackend two) {
        String p = "http://127.0.0.1:" + port;
        return String.join("\n",
                "",
                "Gatehouse demo is running.",
                "  proxy     " + p + "   (round robin over two backends)",
                "  backends  http://127.0.0.1:" + one.port() + " (" + one.name() + "), http://127.0.0.1:"
                        + two.port() + " (" + two.name() + ")",
                "",
                "Try, in another terminal:",
                "  for i in 1 2 3 4; do curl -s " + p + "/whoami; done      # round robin: backend-1, backend-2, ...",
                "  curl -s " + p + "/api/headers      # route \"api\": /api is stripped; see X-Forwarded-For, Via, X-Request-Id",
                "  curl -s -H 'X-Canary: 1' " + p + "/whoami   # route \"canary\" matches a header: always backend-2",
                "  curl -si " + p + "/api/hello       # response headers: X-Request-Id, X-Route added by the route",
                "",
                "Each request is logged below (access log). Press Ctrl-C to stop.",
                "");
    }
}
