package io.gatehouse.pipeline.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gatehouse.pipeline.ClientCertificate;
import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.pipeline.Exchange;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client certificate headers: forged copies always go, ours come only from a verified handshake. */
class ClientCertificatePhaseTest {

    private static HttpHeaders run(ClientCertificate certificate) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        request.headers()
                .add("X-Client-Cert-Subject", "CN=admin")
                .add("x-client-cert-subject", "CN=root")
                .add("X-Client-Cert-Verified", "SUCCESS");
        ClientInfo client = new ClientInfo("127.0.0.1", "https", 8443,
                certificate);
        new ClientCertificatePhase().onRequest(new Exchange(null, null, request, client));
        return request.headers();
    }

    @Test
    void aVerifiedCertificateReplacesTheForgedHeaders() {
        ClientCertificate certificate = new ClientCertificate();
        certificate.subject("CN=alice,O=Example");

        HttpHeaders h = run(certificate);

        assertEquals(List.of("CN=alice,O=Example"), h.getAll("X-Client-Cert-Subject"));
        assertEquals(List.of("SUCCESS"), h.getAll("X-Client-Cert-Verified"));
    }

    @Test
    void noCertificateOnAListenerThatAsksIsNone() {
        HttpHeaders h = run(new ClientCertificate());

        assertNull(h.get("X-Client-Cert-Subject"));
        assertEquals(List.of("NONE"), h.getAll("X-Client-Cert-Verified"));
    }

    @Test
    void listenersThatDoNotAskOnlyRemove() {
        HttpHeaders h = run(null);

        assertNull(h.get("X-Client-Cert-Subject"));
        assertNull(h.get("X-Client-Cert-Verified"));
    }
}
