package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

class HopByHopHeadersTest {

    private static HttpResponse response(HttpVersion version, String... headers) {
        HttpResponse r = new DefaultHttpResponse(version, HttpResponseStatus.OK);
        for (int i = 0; i < headers.length; i += 2) {
            r.headers().add(headers[i], headers[i + 1]);
        }
        return r;
    }

    @Test
    void trailersLoseConnectionManagementFieldsAndKeepTheRest() {
        HttpHeaders trailers = new DefaultHttpHeaders()
                .add("Connection", "close").add("Keep-Alive", "timeout=5").add("Upgrade", "h2c")
                .add("Grpc-Status", "0").add("X-Checksum", "abc");
        HopByHopHeaders.stripTrailers(trailers);
        assertEquals(2, trailers.size(), trailers.toString());
        assertEquals("0", trailers.get("Grpc-Status"));
        assertEquals("abc", trailers.get("X-Checksum"));
    }

    @Test
    void withoutAConnectionHeaderTheVersionDecidesWhetherTheConnectionStays() {
        assertTrue(HopByHopHeaders.keepsAlive(response(HttpVersion.HTTP_1_1)));
        assertFalse(HopByHopHeaders.keepsAlive(response(HttpVersion.HTTP_1_0)));
    }

    @Test
    void connectionTokensOverrideTheVersionsDefault() {
        assertFalse(HopByHopHeaders.keepsAlive(response(HttpVersion.HTTP_1_1, "Connection", "close")));
        assertFalse(HopByHopHeaders.keepsAlive(response(HttpVersion.HTTP_1_1, "Connection", "x-trace, Close")));
        assertTrue(HopByHopHeaders.keepsAlive(response(HttpVersion.HTTP_1_0, "connection", "Keep-Alive")));
        assertTrue(HopByHopHeaders.keepsAlive(response(HttpVersion.HTTP_1_1, "Connection", "keep-alive")));
    }

    @Test
    void stripTellsWhetherTheConnectionPersistsAsKeepsAliveDoes() {
        String[][] cases = {{}, {"Connection", "close"}, {"Connection", "x-trace, Close"}, {"Connection", "Keep-Alive"},
            {"Connection", "keep-alive, x-trace"}};
        for (HttpVersion version : new HttpVersion[] {HttpVersion.HTTP_1_0, HttpVersion.HTTP_1_1}) {
            for (String[] headers : cases) {
                boolean expected = HopByHopHeaders.keepsAlive(response(version, headers));
                assertEquals(expected, HopByHopHeaders.strip(response(version, headers)), version + " " + String.join(": ", headers));
            }
        }
    }

    @Test
    void stripRemovesTheFixedListAndWhatConnectionNamesButNeverFraming() {
        HttpResponse response = response(HttpVersion.HTTP_1_1, "Connection", "x-hop, content-length, host", "X-Hop", "1",
                "Keep-Alive", "timeout=5", "Transfer-Encoding", "chunked", "Content-Length", "3", "Host", "a",
                "X-Kept", "yes");
        HttpHeaders h = response.headers();

        assertTrue(HopByHopHeaders.strip(response));

        assertNull(h.get("Connection"));
        assertNull(h.get("X-Hop"));
        assertNull(h.get("Keep-Alive"));
        assertNull(h.get("Transfer-Encoding"));
        assertEquals("3", h.get("Content-Length"));
        assertEquals("a", h.get("Host"));
        assertEquals("yes", h.get("X-Kept"));
    }

    @Test
    void connectionTokensAreFoundInEveryValueWhateverTheirSpacingAndCase() {
        HttpResponse response = response(HttpVersion.HTTP_1_1, "Connection", "Keep-Alive,\tX-One ,,  close",
                "X-One", "1", "Close", "c", "X-Two", "2", "X-Kept", "yes");
        HttpHeaders h = response.headers();
        h.add("Connection", "x-two");

        assertFalse(HopByHopHeaders.strip(response), "close wins over keep-alive");

        assertNull(h.get("X-One"));
        assertNull(h.get("X-Two"));
        assertNull(h.get("Close"));
        assertEquals("yes", h.get("X-Kept"));
    }

    @Test
    void aConnectionTokenThatNamesConnectionItselfRemovesItAfterReadingEveryValue() {
        HttpResponse response = response(HttpVersion.HTTP_1_1, "Connection", "Connection, X-One",
                "Connection", "close", "X-One", "1", "X-Kept", "yes");

        assertFalse(HopByHopHeaders.strip(response), "the second value still counts");

        HttpHeaders h = response.headers();
        assertNull(h.get("Connection"));
        assertNull(h.get("X-One"));
        assertEquals("yes", h.get("X-Kept"));
    }

    @Test
    void valuesSetAsAsciiStringsAreReadLikeDecodedOnes() {
        HttpResponse response = response(HttpVersion.HTTP_1_0, "X-Hop", "1");
        response.headers().set(HttpHeaderNames.CONNECTION, AsciiString.of("Keep-Alive, X-Hop"));

        assertTrue(HopByHopHeaders.strip(response));
        assertNull(response.headers().get("X-Hop"));
    }
}
