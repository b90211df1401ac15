package io.gatehouse.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import org.junit.jupiter.api.Test;

/** {@link HeaderBlock} writes exactly the bytes Netty's own encoder writes. */
class HeaderBlockTest {

    @Test
    void namesAndValuesOfEveryKind() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.add(AsciiString.cached("Content-Type"), "text/plain");
        h.add("x-string-name", AsciiString.of("ascii value"));
        h.add("Set-Cookie", "a=1");
        h.add("Set-Cookie", "b=2");
        h.add("X-Empty", "");
        assertSameAsNetty(h);
    }

    @Test
    void charactersOutsideAsciiAsNettyWritesThem() {
        HttpHeaders h = new DefaultHttpHeaders(false);
        h.add("X-Latin", "caf\u00e9");          // obs-text: the byte 0xE9
        h.add("X-Wide", "snow \u2603 man");     // beyond one byte: '?'
        assertSameAsNetty(h);
    }

    @Test
    void headsLargerThanTheScratchArray() {
        HttpHeaders h = new DefaultHttpHeaders();
        for (int i = 0; i < 300; i++) {
            h.add("X-Field-" + i, "value number " + i);   // about 9 KB in all
        }
        h.add("X-Large", "v".repeat(10_000));            // one field larger than the array
        h.add("X-After", "last");
        assertSameAsNetty(h);
    }

    @Test
    void noHeadersWritesNothing() {
        assertSameAsNetty(new DefaultHttpHeaders());
    }

    private static void assertSameAsNetty(HttpHeaders headers) {
        assertArrayEquals(encode(new HttpResponseEncoder(), headers), encode(new BlockEncoder(), headers));
    }

    private static byte[] encode(HttpResponseEncoder encoder, HttpHeaders headers) {
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers().set(headers);
        channel.writeOutbound(response);
        ByteBuf wire = channel.readOutbound();
        try {
            return ByteBufUtil.getBytes(wire);
        } finally {
            wire.release();
            channel.finishAndReleaseAll();
        }
    }

    private static final class BlockEncoder extends HttpResponseEncoder {
        @Override
        protected void encodeHeaders(HttpHeaders headers, ByteBuf buf) {
            HeaderBlock.write(headers, buf);
        }
    }
}
