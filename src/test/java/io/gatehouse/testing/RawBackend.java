package io.gatehouse.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted origin on a plain socket, for what a real HTTP server would not do on purpose:
 * malformed or truncated responses, silence, closing pooled connections. Also records every byte
 * it was sent, to prove that nothing malformed reached it.
 */
public final class RawBackend implements AutoCloseable {

    /** What to do with one accepted connection. */
    @FunctionalInterface
    public interface Script {
        void run(Socket socket, RawBackend backend) throws Exception;
    }

    private final ServerSocket server;
    private final ByteArrayOutputStream receivedBytes = new ByteArrayOutputStream();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;

    private RawBackend(ServerSocket server, Script script) {
        this.server = server;
        this.acceptor = new Thread(() -> acceptLoop(script), "raw-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static RawBackend start(Script script) throws IOException {
        return new RawBackend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), script);
    }

    private void acceptLoop(Script script) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread t = new Thread(() -> {
                    try (s) {
                        script.run(s, this);
                    } catch (Exception ignored) {
                        // The script decides what to do; a broken connection ends it.
                    }
                }, "raw-backend-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections were accepted. */
    public int connections() {
        return connections.get();
    }

    /** Everything received on all connections so far, as ISO-8859-1 text. */
    public String received() {
        synchronized (receivedBytes) {
            return receivedBytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Reads one request head (up to the blank line) and, if it declares Content-Length, its body;
     * records the bytes. Returns the head, or null at end of stream.
     */
    public String readRequest(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        record(head.toByteArray());
        int length = contentLength(text);
        if (length > 0) {
            byte[] body = in.readNBytes(length);
            record(body);
            text += new String(body, StandardCharsets.ISO_8859_1);
        }
        return text;
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    private void record(byte[] bytes) {
        synchronized (receivedBytes) {
            receivedBytes.write(bytes, 0, bytes.length);
        }
    }

    /** Writes text as ISO-8859-1 and flushes. */
    public static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
