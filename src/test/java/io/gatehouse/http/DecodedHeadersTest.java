package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DecodedHeadersTest {

    private static AsciiString decode(String line) {
        byte[] bytes = ("x" + line + "y").getBytes(StandardCharsets.ISO_8859_1);
        return DecodedHeaders.name(bytes, 1, line.length());
    }

    @Test
    void usualNamesAreTheSharedConstants() {
        assertSame(decode("Content-Length"), decode("Content-Length"));
        assertEquals("Content-Length", decode("Content-Length").toString());
    }

    @Test
    void otherTokensAreNewNamesSpelledAsTheyCame() {
        AsciiString name = decode("X-Custom_Thing!");
        assertEquals("X-Custom_Thing!", name.toString());
    }

    @Test
    void aNameThatIsNotATokenFails() {
        for (String bad : new String[] {"", "X A", "X-A ", "X\u0001A", "X(A)", "X:A", "X\u00e9"}) {
            assertThrows(IllegalArgumentException.class, () -> decode(bad), bad);
        }
    }

    @Test
    void theMapsStillCheckValues() {
        HttpHeaders headers = DecodedHeaders.FACTORY.newHeaders();
        assertThrows(IllegalArgumentException.class, () -> headers.add("X-A", "b\r\nX-B: c"));
        assertFalse(headers.contains("X-B"));
    }
}
