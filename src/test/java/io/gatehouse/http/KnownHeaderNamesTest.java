package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KnownHeaderNamesTest {

    /** The name as it sits inside a decoder's line buffer: bytes before and after it. */
    private static CharSequence find(String name) {
        byte[] line = ("xx" + name + ": value").getBytes(StandardCharsets.US_ASCII);
        return KnownHeaderNames.find(line, 2, name.length());
    }

    @Test
    void theUsualSpellingsAreSharedConstants() {
        for (String name : new String[] {"Content-Length", "content-length", "Server", "Date", "Host", "ETag",
                "etag", "User-Agent", "Access-Control-Allow-Credentials", "TE", "x-request-id"}) {
            CharSequence found = find(name);
            assertEquals(name, String.valueOf(found), name);
            assertSame(found, find(name), name);
        }
    }

    @Test
    void anyOtherSpellingIsLeftToTheDecoderSoTheNameGoesOnAsItCame() {
        assertNull(find("CONTENT-LENGTH"));
        assertNull(find("Content-length"));
        assertNull(find("Content-Lengtz"));
        assertNull(find("Zontent-Length"));
        assertNull(find("X-Unknown"));
        assertNull(find("X-Very-Long-Header-Name-That-No-Table-Has-At-All"));
    }

    @Test
    void anEmptyNameIsNotFound() {
        assertNull(KnownHeaderNames.find(new byte[] {':'}, 0, 0));
    }
}
