package io.gatehouse.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Many idle or slow clients cannot take the proxy down: the per-listener cap, and service under a slowloris. */
class ConnectionHygieneIT {

    @Test
    void connectionsOverMaxConnectionsAreClosedAtAccept() throws Exception {
        try (TestBackend backend = TestBackend.start("b");
             ProxyHarness proxy = ProxyHarness.withListener(backend.port(), "max_connections: 5", "")) {
            List<Socket> held = open(proxy.port(), 5);
            try {
                Thread.sleep(200);
                try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
                    extra.setSoTimeout(5000);
                    assertEquals(-1, readOrEof(extra), "the sixth connection is closed by the proxy");
                }
            } finally {
                closeAll(held);
            }
            Thread.sleep(200);
            assertEquals(200, proxy.get("/after").statusCode(), "slots are given back when clients leave");
        }
    }

    @Test
    void keepsServingWhileThousandsOfSlowClientsHoldConnections() throws Exception {
        try (TestBackend backend = TestBackend.start("b");
             ProxyHarness proxy = ProxyHarness.inFrontOf(backend.port(), "")) {
            List<Socket> slow = open(proxy.port(), 4000);
            try {
                for (Socket s : slow) {
                    // Slowloris: a request head that never ends.
                    s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nX-a: b\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                long start = System.nanoTime();
                for (int i = 0; i < 20; i++) {
                    assertEquals(200, proxy.get("/fresh" + i).statusCode());
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 5000, "20 requests took " + millis + " ms");
            } finally {
                closeAll(slow);
            }
        }
    }

    private static List<Socket> open(int port, int count) throws IOException {
        List<Socket> sockets = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sockets.add(new Socket(InetAddress.getLoopbackAddress(), port));
        }
        return sockets;
    }

    private static int readOrEof(Socket s) throws IOException {
        try {
            InputStream in = s.getInputStream();
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // Best effort.
            }
        }
    }
}
