package io.gatehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gatehouse.testing.GatehouseProcess;
import io.gatehouse.testing.TestBackend;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: the packaged jar, its exit codes and its messages. */
class CliIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static String config(int backendPort, String listen) {
        return """
                listeners:
                  - address: %s
                upstreams:
                  app:
                    servers:
                      - address: 127.0.0.1:%d
                routes:
                  - upstream: app
                """.formatted(listen, backendPort);
    }

    @Test
    void versionPrintsTheProductVersion() throws Exception {
        try (GatehouseProcess p = GatehouseProcess.start("version")) {
            assertEquals(0, p.waitFor());
            assertTrue(p.output().matches("gatehouse \\S+ \\(netty 4\\.2\\.\\S+, java \\S+\\)"), p.output());
        }
    }

    @Test
    void aCollectorNamedInJavaOptsReplacesTheLaunchersOwn() throws Exception {
        ProcessBuilder launcher = new ProcessBuilder("bash", "gatehouse", "version").redirectErrorStream(true);
        launcher.environment().put("JAVA_HOME", System.getProperty("java.home"));
        launcher.environment().put("JAVA_OPTS", "-XX:+UseG1GC -XX:+PrintCommandLineFlags");
        Process p = launcher.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("-XX:+UseG1GC") && !out.contains("-XX:+UseSerialGC"), out);
    }

    @Test
    void validateAcceptsAGoodFile() throws Exception {
        Path file = write("good.yaml", config(9, "127.0.0.1:0"));
        try (GatehouseProcess p = GatehouseProcess.start("validate", "-c", file.toString())) {
            assertEquals(0, p.waitFor());
            assertTrue(p.output().contains("ok"), p.output());
        }
    }

    @Test
    void validateListsEveryProblemWithFileLineAndColumn() throws Exception {
        Path file = write("bad.yaml", """
                listeners:
                  - address: 127.0.0.1:0
                upstreams:
                  api:
                    servers:
                      - address: 127.0.0.1:4000
                    timeouts:
                      read: 5 sec
                routes:
                  - upstream: ap1
                """);
        try (GatehouseProcess p = GatehouseProcess.start("validate", "-c", file.toString())) {
            assertEquals(1, p.waitFor());
            String out = p.output();
            assertTrue(out.contains(file + ":8:13: upstreams.api.timeouts.read: \"5 sec\" is not a duration"), out);
            assertTrue(out.contains(file + ":10:15: routes[0].upstream: no upstream named \"ap1\" (known: api)"), out);
            assertFalse(out.contains("Exception"), out);
        }
    }

    @Test
    void portInUseIsOneClearLineAndExitCodeOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path file = write("busy.yaml", config(9, "127.0.0.1:" + taken.getLocalPort()));
            try (GatehouseProcess p = GatehouseProcess.start("run", "-c", file.toString())) {
                assertEquals(1, p.waitFor());
                String out = p.output();
                assertTrue(out.contains("listeners[0].address"), out);
                assertFalse(out.contains("\tat "), "no stack trace: " + out);
            }
        }
    }

    @Test
    void aListenerHostThatDoesNotResolveIsOneClearLine() throws Exception {
        Path file = write("nohost.yaml", config(9, "no-such-host.invalid:8080"));
        try (GatehouseProcess p = GatehouseProcess.start("run", "-c", file.toString())) {
            assertEquals(1, p.waitFor());
            String out = p.output();
            assertTrue(out.contains("listeners[0].address: cannot resolve host \"no-such-host.invalid\""), out);
            assertFalse(out.contains("null") || out.contains("\tat "), out);
        }
    }

    @Test
    void quickModeAndDemoRefuseUnusableAddressesAsUsageErrors() throws Exception {
        String[][] usageErrors = {
                {"proxy", "--from", "127.0.0.1:0", "--to", "http://:3000"},
                {"proxy", "--from", "127.0.0.1:0", "--to", "http://127.0.0.1:0"},
                {"demo", "--port", "70000"}};
        for (String[] args : usageErrors) {
            try (GatehouseProcess p = GatehouseProcess.start(args)) {
                assertEquals(2, p.waitFor(), String.join(" ", args) + ": " + p.output());
                assertFalse(p.output().contains("\tat "), p.output());
            }
        }
    }

    @Test
    void runServesAndDrainsInFlightRequestsOnSigterm() throws Exception {
        try (TestBackend backend = TestBackend.start("slow")) {
            backend.answer(ex -> {
                sleep(1500);
                TestBackend.reply(ex, 200, "finished");
            });
            Path file = write("run.yaml", config(backend.port(), "127.0.0.1:0"));
            try (GatehouseProcess p = GatehouseProcess.start("run", "-c", file.toString())) {
                int port = p.awaitListeningPort();
                CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/slow")).build(),
                        HttpResponse.BodyHandlers.ofString());
                backend.take();
                p.terminate();
                HttpResponse<String> r = inFlight.get();
                assertEquals(200, r.statusCode());
                assertEquals("finished", r.body());
                assertEquals(0, p.waitFor(), p.output());
            }
        }
    }

    @Test
    void quickProxyModeForwardsWithoutAFile() throws Exception {
        try (TestBackend backend = TestBackend.start("quick");
             ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = probe.getLocalPort();
            probe.close();
            try (GatehouseProcess p = GatehouseProcess.start("proxy", "--from", "127.0.0.1:" + port,
                    "--to", "http://127.0.0.1:" + backend.port())) {
                assertEquals(port, p.awaitListeningPort());
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/x")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("quick GET /x", r.body());
            }
        }
    }

    @Test
    void whenIoUringCannotMakeAnEventLoopTheNextTransportServes() throws Exception {
        assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
        try (TestBackend backend = TestBackend.start("fallback")) {
            Path file = write("fallback.yaml", config(backend.port(), "127.0.0.1:0"));
            // A ring size Netty refuses: the one-entry ring of its availability check still works.
            try (GatehouseProcess p = GatehouseProcess.start(List.of("-Dio.netty.iouring.cqSize=1000"),
                    "run", "-c", file.toString())) {
                int port = p.awaitListeningPort();
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/x")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("fallback GET /x", r.body());
                String next = Epoll.isAvailable() ? "epoll" : "nio";
                for (int i = 0; i < 50 && !p.output().contains("gatehouse ready"); i++) {
                    sleep(100);
                }
                assertTrue(p.output().contains("gatehouse ready (" + next + " transport)"), p.output());
                assertTrue(p.output().contains("io_uring: no event loop can be made here"), p.output());
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
