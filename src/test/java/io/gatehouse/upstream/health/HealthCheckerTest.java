package io.gatehouse.upstream.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.config.HealthCheckConfig;
import io.gatehouse.config.HostPort;
import io.gatehouse.config.ServerConfig;
import io.gatehouse.server.Transport;
import io.gatehouse.testing.LogLines;
import io.gatehouse.testing.RawBackend;
import io.gatehouse.testing.TestBackend;
import io.gatehouse.upstream.UpstreamServer;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Active checks against real sockets: HTTP status, TCP connect, timeouts, fall and rise, and the log lines. */
class HealthCheckerTest {

    private final Transport transport = Transport.detect();
    private final EventLoopGroup loop = transport.newGroup("test-health", 1);

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static UpstreamServer server(int port, boolean down) {
        ServerConfig c = new ServerConfig(new HostPort("127.0.0.1", port), 1, false, 1, Duration.ofSeconds(10), 0,
                Duration.ZERO, false, down);
        return new UpstreamServer("api", c, new InetSocketAddress("127.0.0.1", port), c.address().toString(),
                new ServerHealth("upstream api server " + c.address(), c, true, null));
    }

    private HealthChecker start(HealthCheckConfig.Type type, UpstreamServer... servers) {
        HealthCheckConfig config = new HealthCheckConfig(type, "/health", Duration.ofMillis(100),
                Duration.ofMillis(300), 2, 2, 200, 299);
        HealthChecker checker = new HealthChecker(config, loop.next(), transport, null, () -> List.of(servers));
        checker.start();
        return checker;
    }

    @Test
    void anHttpCheckFollowsTheStatusWithFallAndRise() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        TestBackend backend = TestBackend.start("b");
        backend.answer(e -> TestBackend.reply(e, status.get(), "ok"));
        UpstreamServer s = server(backend.port(), false);
        String who = "upstream api server 127.0.0.1:" + backend.port();
        try (backend; LogLines log = LogLines.of(ServerHealth.class)) {
            HealthChecker checker = start(HealthCheckConfig.Type.HTTP, s);
            TestBackend.Received check = backend.take();
            assertEquals("/health", check.uri());
            assertEquals("gatehouse-health-check", check.header("User-Agent"));
            assertEquals("127.0.0.1:" + backend.port(), check.header("Host"));
            Thread.sleep(300);
            assertTrue(s.health().isUsable());
            status.set(503);
            log.await(line -> line.equals(who + " down: 2 failed checks, last: status 503"), 3000);
            assertFalse(s.health().isUsable());
            status.set(204);
            log.await(line -> line.equals(who + " up: 2 passed checks"), 3000);
            assertTrue(s.health().isUsable());
            checker.stop();
        }
    }

    @Test
    void aTcpCheckOnlyConnects() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        UpstreamServer s = server(port, false);
        String who = "upstream api server 127.0.0.1:" + port;
        try (LogLines log = LogLines.of(ServerHealth.class)) {
            HealthChecker checker = start(HealthCheckConfig.Type.TCP, s);
            log.await(line -> line.equals(who + " down: 2 failed checks, last: connection refused"), 3000);
            try (ServerSocket open = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                log.await(line -> line.equals(who + " up: 2 passed checks"), 3000);
                assertTrue(s.health().isUsable());
                checker.stop();
            }
        }
    }

    @Test
    void aServerThatNeverAnswersFailsAtTheTimeout() throws Exception {
        try (RawBackend silent = RawBackend.start((sock, b) -> {
            while (sock.getInputStream().read() >= 0) {
                // Read the check, answer nothing.
            }
        });
             LogLines log = LogLines.of(ServerHealth.class)) {
            UpstreamServer s = server(silent.port(), false);
            HealthChecker checker = start(HealthCheckConfig.Type.HTTP, s);
            log.await(line -> line.endsWith(" down: 2 failed checks, last: no answer within 300ms"), 4000);
            checker.stop();
        }
    }

    @Test
    void serversConfiguredDownAreNotChecked() throws Exception {
        try (TestBackend backend = TestBackend.start("b")) {
            HealthChecker checker = start(HealthCheckConfig.Type.HTTP, server(backend.port(), true));
            Thread.sleep(400);
            checker.stop();
            assertEquals(0, backend.receivedCount());
        }
    }
}
