package io.gatehouse.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The HTTP/2 stream adapter: full requests split as HTTP/1.x delivers them, no body on a reply to HEAD. */
class StreamMessageAdapterTest {

    private static FullHttpRequest full(HttpMethod method, String body) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, "/x",
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        request.headers().set("host", "example.com");
        request.trailingHeaders().set("x-trailer", "t");
        return request;
    }

    private static FullHttpResponse reply(String body) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    }

    @Test
    void aFullRequestBecomesAHeadAndALastPiece() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamMessageAdapter());
        ch.writeInbound(full(HttpMethod.POST, "body"));

        HttpRequest head = ch.readInbound();
        assertFalse(head instanceof LastHttpContent);
        assertEquals(HttpMethod.POST, head.method());
        assertEquals("example.com", head.headers().get("host"));
        LastHttpContent last = ch.readInbound();
        assertEquals("body", last.content().toString(StandardCharsets.UTF_8));
        assertEquals("t", last.trailingHeaders().get("x-trailer"));
        last.release();
        assertNull(ch.readInbound());
        assertFalse(ch.finish());
    }

    @Test
    void aLocalReplyToHeadLosesItsBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamMessageAdapter());
        ch.writeInbound(full(HttpMethod.HEAD, ""));
        ch.<HttpRequest>readInbound();
        ch.<LastHttpContent>readInbound().release();

        ch.writeOutbound(reply("404 Not Found\n"));

        FullHttpResponse sent = ch.readOutbound();
        assertEquals(404, sent.status().code());
        assertFalse(sent.content().isReadable());
        sent.release();
        assertFalse(ch.finish());
    }

    @Test
    void otherRepliesKeepTheirBody() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamMessageAdapter());
        ch.writeInbound(full(HttpMethod.GET, ""));
        ch.<HttpRequest>readInbound();
        ch.<LastHttpContent>readInbound().release();

        ch.writeOutbound(reply("404 Not Found\n"));

        FullHttpResponse sent = ch.readOutbound();
        assertInstanceOf(FullHttpResponse.class, sent);
        assertTrue(sent.content().isReadable());
        sent.release();
        assertFalse(ch.finish());
    }
}
