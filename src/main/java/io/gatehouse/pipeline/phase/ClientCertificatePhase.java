package io.gatehouse.pipeline.phase;

import io.gatehouse.pipeline.ClientCertificate;
import io.gatehouse.pipeline.Decision;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.pipeline.Phase;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Tells the upstream which client certificate was verified. Runs before routing, so that routes
 * can match on the result: removes any {@code X-Client-Cert-Subject} and
 * {@code X-Client-Cert-Verified} the client sent, then, on listeners that ask for certificates,
 * sets {@code X-Client-Cert-Verified: SUCCESS} with the subject, or {@code NONE}.
 */
public final class ClientCertificatePhase implements Phase {

    static final AsciiString X_CLIENT_CERT_SUBJECT = AsciiString.cached("X-Client-Cert-Subject");
    static final AsciiString X_CLIENT_CERT_VERIFIED = AsciiString.cached("X-Client-Cert-Verified");
    private static final AsciiString SUCCESS = AsciiString.cached("SUCCESS");
    private static final AsciiString NONE = AsciiString.cached("NONE");

    @Override
    public Decision onRequest(Exchange exchange) {
        HttpHeaders h = exchange.request().headers();
        h.remove(X_CLIENT_CERT_SUBJECT).remove(X_CLIENT_CERT_VERIFIED);
        ClientCertificate certificate = exchange.client().certificate();
        if (certificate != null && certificate.subject() != null) {
            h.set(X_CLIENT_CERT_SUBJECT, certificate.subject()).set(X_CLIENT_CERT_VERIFIED, SUCCESS);
        } else if (certificate != null) {
            h.set(X_CLIENT_CERT_VERIFIED, NONE);
        }
        return Decision.CONTINUE;
    }
}
