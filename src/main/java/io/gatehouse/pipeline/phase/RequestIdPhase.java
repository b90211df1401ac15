package io.gatehouse.pipeline.phase;

import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Decision;
import io.gatehouse.pipeline.Phase;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Gives every request an id: the client's {@code X-Request-Id} when it is sane, else a new random
 * one. The id goes upstream in the request and back to the client in the response.
 */
public final class RequestIdPhase implements Phase {

    public static final AsciiString X_REQUEST_ID = AsciiString.cached("X-Request-Id");
    private static final int MAX_LENGTH = 128;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Override
    public Decision onRequest(Exchange exchange) {
        String id = exchange.request().headers().get(X_REQUEST_ID);
        if (!isSane(id)) {
            id = generate();
        }
        // Set even when kept: a repeated header must reach the upstream as the one id we log and echo.
        exchange.request().headers().set(X_REQUEST_ID, id);
        exchange.requestId(id);
        return Decision.CONTINUE;
    }

    @Override
    public void onResponse(Exchange exchange) {
        exchange.response().headers().set(X_REQUEST_ID, exchange.requestId());
    }

    /** Letters, digits and {@code -_.:+=/}, 1 to 128 of them: safe to log and to echo. */
    static boolean isSane(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '+' || c == '=' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** 32 random hex digits (128 bits). */
    public static String generate() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        byte[] out = new byte[32];
        fill(out, 0, r.nextLong());
        fill(out, 16, r.nextLong());
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static void fill(byte[] out, int at, long bits) {
        for (int i = 15; i >= 0; i--) {
            out[at + i] = HEX[(int) (bits & 0xF)];
            bits >>>= 4;
        }
    }
}
