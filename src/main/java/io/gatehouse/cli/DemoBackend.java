package io.gatehouse.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny backend for the demo: answers every request with its own name, and on {@code /headers}
 * with the request headers it received, so the proxy's work is visible.
 */
final class DemoBackend {

    private final String name;
    private final HttpServer server;

    private DemoBackend(String name, HttpServer server) {
        this.name = name;
        this.server = server;
    }

    static DemoBackend start(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        DemoBackend backend = new DemoBackend(name, server);
        server.createContext("/", backend::handle);
        server.start();
        return backend;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String name() {
        return name;
    }

    void stop() {
        server.stop(0);
    }

    /** "X-forwarded-for" (as the JDK server stores names) -> "X-Forwarded-For". */
    private static String canonical(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            sb.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return sb.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        StringBuilder body = new StringBuilder();
        if (path.endsWith("/whoami")) {
            body.append(name).append('\n');
        } else {
            body.append(name).append(" answered ").append(exchange.getRequestMethod()).append(' ')
                    .append(exchange.getRequestURI()).append('\n');
            if (path.endsWith("/headers")) {
                body.append("\nrequest headers as received:\n");
                Map<String, List<String>> sorted = new TreeMap<>(exchange.getRequestHeaders());
                sorted.forEach((k, v) -> v.forEach(value -> body.append("  ").append(canonical(k)).append(": ")
                        .append(value).append('\n')));
            }
        }
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("X-Backend", name);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
