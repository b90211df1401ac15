package io.gatehouse.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real HTTP/1.1 server (the JDK's) for tests: records every request it receives and answers
 * with a handler the test chooses (by default: 200, "name METHOD URI").
 */
public final class TestBackend implements AutoCloseable {

    /** A request as the backend saw it. */
    public record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return String.join(", ", e.getValue());
                }
            }
            return null;
        }

        public List<String> headerValues(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue();
                }
            }
            return List.of();
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String name;
    private final HttpServer server;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile HttpHandler handler;

    private TestBackend(String name, HttpServer server) {
        this.name = name;
        this.server = server;
        this.handler = this::defaultAnswer;
    }

    public static TestBackend start(String name) throws IOException {
        return start(name, 0);
    }

    /** A backend on a given port of 127.0.0.1, such as the port of one that was closed (a restart). */
    public static TestBackend start(String name, int port) throws IOException {
        return start(name, HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128));
    }

    /** The same over HTTPS with {@code tls}; with {@code needClientAuth} clients must show a certificate. */
    public static TestBackend startHttps(String name, SSLContext tls, boolean needClientAuth) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(needClientAuth);
                params.setSSLParameters(p);
            }
        });
        return start(name, server);
    }

    private static TestBackend start(String name, HttpServer server) {
        TestBackend backend = new TestBackend(name, server);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "backend-" + name);
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            backend.received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), body));
            backend.handler.handle(exchange);
        });
        server.start();
        return backend;
    }

    /** Replaces how the backend answers (the request body has already been read). */
    public TestBackend answer(HttpHandler handler) {
        this.handler = handler;
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String name() {
        return name;
    }

    /** The next request received, waiting up to 5 s; fails when none came. */
    public Received take() throws InterruptedException {
        Received r = received.poll(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("backend " + name + " received no request");
        }
        return r;
    }

    /** The next request if one arrives within {@code millis}, else null. */
    public Received poll(long millis) throws InterruptedException {
        return received.poll(millis, TimeUnit.MILLISECONDS);
    }

    public int receivedCount() {
        return received.size();
    }

    private void defaultAnswer(HttpExchange exchange) throws IOException {
        reply(exchange, 200, name + " " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
    }

    /** Sends a complete text response. */
    public static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        boolean noBody = status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!noBody) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
