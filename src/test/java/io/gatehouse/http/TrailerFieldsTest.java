package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

/** What a trailer section may carry through the proxy (RFC 9110 section 6.5.1). */
class TrailerFieldsTest {

    @Test
    void framingRoutingAuthenticationAndForwardingFieldsAreRemovedAndTheRestKept() {
        HttpHeaders trailers = new DefaultHttpHeaders()
                .add("Host", "evil.example").add("Authorization", "Bearer x").add("Content-Length", "99")
                .add("Cookie", "sess=evil").add("X-Forwarded-For", "6.6.6.6").add("Content-Type", "text/evil")
                .add("Connection", "close").add("Set-Cookie", "a=1").add("Cache-Control", "no-store")
                .add("grpc-status", "0").add("Server-Timing", "db;dur=53").add("X-Checksum", "abc");

        TrailerFields.strip(trailers);

        assertEquals(3, trailers.size(), trailers.toString());
        assertEquals("0", trailers.get("grpc-status"));
        assertEquals("db;dur=53", trailers.get("Server-Timing"));
        assertEquals("abc", trailers.get("X-Checksum"));
    }

    @Test
    void anEmptySectionIsLeftAlone() {
        HttpHeaders none = EmptyHttpHeaders.INSTANCE; // read-only: a removal would throw
        TrailerFields.strip(none);
        assertSame(EmptyHttpHeaders.INSTANCE, none);
    }
}
