package io.gatehouse.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.pipeline.ClientCertificate;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.junit.jupiter.api.Test;

/** How the subject is made safe for a header, and that the handler leaves after the handshake. */
class ClientCertificateHandlerTest {

    @Test
    void printableAsciiIsKeptAsIs() {
        assertEquals("CN=alice,O=Example\\, Inc.", ClientCertificateHandler.headerSafe("CN=alice,O=Example\\, Inc."));
    }

    @Test
    void otherCharactersBecomeRfc4514HexPairsOfTheirUtf8Bytes() {
        assertEquals("CN=Jos\\C3\\A9", ClientCertificateHandler.headerSafe("CN=José"));
        assertEquals("CN=a\\0D\\0Ab", ClientCertificateHandler.headerSafe("CN=a\r\nb"));
        assertEquals("CN=\\F0\\9F\\94\\91", ClientCertificateHandler.headerSafe("CN=\uD83D\uDD11"));
    }

    @Test
    void leavesThePipelineOnceTheHandshakeIsOver() {
        ClientCertificate certificate = new ClientCertificate();
        EmbeddedChannel ch = new EmbeddedChannel(new ClientCertificateHandler(certificate));

        ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);

        assertNull(ch.pipeline().get(ClientCertificateHandler.class));
        assertNull(certificate.subject());
        ch.finishAndReleaseAll();
    }
}
