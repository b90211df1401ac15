package io.gatehouse.upstream.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upstream encoder and decoder: each response is framed by the request it answers. */
class UpstreamCodecTest {

    private final UpstreamResponseDecoder decoder = new UpstreamResponseDecoder(new HttpDecoderConfig());
    private final EmbeddedChannel channel = new EmbeddedChannel(decoder, new UpstreamRequestEncoder(decoder));

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aResponseToHeadHasNoBodyWhateverItsLengthSays() {
        send(HttpMethod.HEAD);
        receive("HTTP/1.1 200 OK\r\nContent-Length: 12345\r\n\r\n");
        HttpResponse head = channel.readInbound();
        assertEquals(200, head.status().code());
        assertEmptyLast(channel.readInbound());
        // The next response, to a GET, has its body again: the bytes are not taken for the HEAD's.
        send(HttpMethod.GET);
        receive("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        assertEquals(200, ((HttpResponse) channel.readInbound()).status().code());
        assertEquals("hello", bodyOf(channel.readInbound()));
    }

    @Test
    void interimResponsesLeaveTheFinalOneToTheRequest() {
        send(HttpMethod.HEAD);
        receive("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\n");
        assertEquals(103, ((HttpResponse) channel.readInbound()).status().code());
        assertEmptyLast(channel.readInbound());
        assertEquals(200, ((HttpResponse) channel.readInbound()).status().code());
        assertEmptyLast(channel.readInbound());
        assertNull(channel.readInbound());
    }

    @Test
    void theRequestIsEncodedAsHttp11() {
        send(HttpMethod.GET);
        ByteBuf wire = channel.readOutbound();
        try {
            assertTrue(wire.toString(StandardCharsets.US_ASCII).startsWith("GET /x HTTP/1.1\r\nhost: b\r\n"));
        } finally {
            wire.release();
        }
    }

    @Test
    void headerNamesKeepTheirSpellingWhetherTheDecoderKnowsThemOrNot() {
        send(HttpMethod.HEAD);
        receive("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nSERVER: a\r\ncontent-type: text/plain\r\nX-Own: b\r\n\r\n");
        HttpResponse head = channel.readInbound();
        List<String> names = new ArrayList<>();
        head.headers().forEach(field -> names.add(field.getKey()));
        assertEquals(List.of("Content-Length", "SERVER", "content-type", "X-Own"), names);
        assertEquals("text/plain", head.headers().get(HttpHeaderNames.CONTENT_TYPE));
        assertEquals("a", head.headers().get("Server"));
        assertEmptyLast(channel.readInbound());
    }

    private void send(HttpMethod method) {
        DefaultFullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/x");
        request.headers().set(HttpHeaderNames.HOST, "b");
        assertTrue(channel.writeOutbound(request));
        if (method != HttpMethod.GET) {
            ReferenceCountUtil.release(channel.readOutbound());
        }
    }

    private void receive(String bytes) {
        channel.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.US_ASCII));
    }

    private static void assertEmptyLast(Object message) {
        LastHttpContent last = assertInstanceOf(LastHttpContent.class, message);
        assertFalse(last.content().isReadable());
        last.release();
    }

    private static String bodyOf(Object message) {
        HttpContent content = assertInstanceOf(LastHttpContent.class, message);
        try {
            return content.content().toString(StandardCharsets.US_ASCII);
        } finally {
            content.release();
        }
    }
}
