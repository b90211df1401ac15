package io.gatehouse.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.gatehouse.testing.GatehouseProcess;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies stream, they are not buffered: a 300 MB download and a 300 MB chunked upload through the
 * packaged proxy (launcher's JVM options) each grow its resident memory by less than 32 MiB.
 */
class MemoryIT {

    private static final long SIZE = 300L << 20;
    private static final long MAX_GROWTH = 32L << 20;
    private static final String OPTS_LINE = "GATEHOUSE_DEFAULT_JAVA_OPTS=";

    @TempDir
    Path dir;

    private HttpServer backend;
    private final AtomicLong uploaded = new AtomicLong();

    @BeforeEach
    void startBackend() throws Exception {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        backend.setExecutor(Executors.newFixedThreadPool(4));
        backend.createContext("/download", ex -> {
            ex.sendResponseHeaders(200, SIZE);
            byte[] chunk = new byte[64 << 10];
            try (OutputStream out = ex.getResponseBody()) {
                for (long sent = 0; sent < SIZE; sent += chunk.length) {
                    out.write(chunk);
                }
            }
        });
        backend.createContext("/upload", ex -> {
            long n = 0;
            byte[] buf = new byte[64 << 10];
            try (InputStream in = ex.getRequestBody()) {
                int r;
                while ((r = in.read(buf)) >= 0) {
                    n += r;
                }
            }
            uploaded.set(n);
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
    }

    @Test
    void largeBodiesStreamBothWaysInBoundedMemory() throws Exception {
        Path config = dir.resolve("gatehouse.yaml");
        Files.writeString(config, """
                listeners:
                  - address: 127.0.0.1:0
                upstreams:
                  app:
                    servers:
                      - address: 127.0.0.1:%d
                routes:
                  - upstream: app
                limits:
                  max_request_body: 1GB
                access_log:
                  path: "off"
                """.formatted(backend.getAddress().getPort()));
        try (GatehouseProcess proxy = GatehouseProcess.start(launcherOptions(), "run", "-c", config.toString())) {
            int port = proxy.awaitListeningPort();
            HttpClient client = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            // Warm up so that the baseline includes the proxy's steady state, not class loading.
            client.send(HttpRequest.newBuilder(base.resolve("/upload")).POST(HttpRequest.BodyPublishers.ofString("x"))
                    .build(), HttpResponse.BodyHandlers.discarding());
            long before = proxy.residentBytes();

            HttpResponse<InputStream> down = client.send(HttpRequest.newBuilder(base.resolve("/download")).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long received = 0;
            try (InputStream in = down.body()) {
                byte[] buf = new byte[64 << 10];
                int r;
                while ((r = in.read(buf)) >= 0) {
                    received += r;
                }
            }
            assertEquals(SIZE, received);
            long afterDownload = proxy.residentBytes();

            HttpResponse<Void> up = client.send(HttpRequest.newBuilder(base.resolve("/upload"))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(SIZE))).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertEquals(204, up.statusCode());
            assertEquals(SIZE, uploaded.get());
            long afterUpload = proxy.residentBytes();

            String figures = "RSS before " + (before >> 20) + " MB, after download " + (afterDownload >> 20)
                    + " MB, after upload " + (afterUpload >> 20) + " MB";
            System.out.println(figures);
            assertTrue(afterDownload - before < MAX_GROWTH, figures);
            assertTrue(afterUpload - before < MAX_GROWTH, figures);
        }
    }

    /** The JVM options the launcher script uses by default: what users get. */
    private static List<String> launcherOptions() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("gatehouse"))) {
            if (line.startsWith(OPTS_LINE)) {
                return List.of(line.substring(OPTS_LINE.length()).replace("\"", "").trim().split("\\s+"));
            }
        }
        throw new AssertionError("no " + OPTS_LINE + " line in the launcher");
    }

    /** {@code size} zero bytes, produced on demand (no length known to the client: sent chunked). */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
