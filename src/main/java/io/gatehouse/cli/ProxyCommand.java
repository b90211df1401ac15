package io.gatehouse.cli;

import io.gatehouse.config.HostPort;
import io.gatehouse.config.MatchConfig;
import io.gatehouse.config.HeaderRulesConfig;
import io.gatehouse.config.ServerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gatehouse proxy --from :8080 --to http://127.0.0.1:3000}: quick mode, no config file. */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = "Proxy one address to one or more servers (round robin), with every default.")
final class ProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, description = "Address to listen on, e.g. :8080 or 127.0.0.1:8080.")
    String from;

    @Option(names = "--to", required = true,
            description = "Server URL, e.g. http://127.0.0.1:3000 or https://api.internal; repeat for more.")
    List<String> to;

    @Option(names = "--debug", description = "Debug logging and stack traces.")
    boolean debug;

    @Override
    public Integer call() {
        HostPort listen = parse("--from", from);
        List<ServerConfig> servers = new ArrayList<>();
        for (String url : to) {
            boolean tls = url.startsWith("https://");
            HostPort server = parse("--to", serverAddress(url, tls));
            if (server.host().isEmpty()) {
                throw new ParameterException(spec.commandLine(),
                        "--to " + url + ": a server needs a host, e.g. 127.0.0.1" + server);
            }
            if (server.port() == 0) {
                throw new ParameterException(spec.commandLine(),
                        "--to " + url + ": a server needs a port from 1 to 65535, got 0");
            }
            servers.add(QuickConfig.server(server, tls));
        }
        var config = QuickConfig.config(listen, Map.of("default", QuickConfig.upstream("default", servers)),
                List.of(QuickConfig.route("default", MatchConfig.ALL, "default", null, HeaderRulesConfig.NONE)));
        return Serving.serve(config, debug, null);
    }

    /** The host:port of an http:// or https:// URL (or of plain host:port); the default port is 80 or 443. */
    private String serverAddress(String url, boolean tls) {
        String rest = url;
        if (tls || rest.startsWith("http://")) {
            rest = rest.substring(rest.indexOf("://") + 3);
        } else if (rest.contains("://")) {
            throw new ParameterException(spec.commandLine(),
                    "--to " + url + ": only http:// and https:// servers are supported");
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        return rest.contains(":") && !rest.endsWith("]") ? rest : rest + (tls ? ":443" : ":80");
    }

    private HostPort parse(String option, String text) {
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " " + text + ": " + e.getMessage());
        }
    }
}
