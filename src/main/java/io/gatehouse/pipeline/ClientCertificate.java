package io.gatehouse.pipeline;

import io.netty.util.AttributeKey;

/**
 * The certificate a client presented on a listener that asks for one ({@code client_auth}
 * optional or require). Made when the connection is accepted and filled in once its TLS
 * handshake has verified the certificate; read and written on the connection's event loop only.
 */
public final class ClientCertificate {

    /** Where a client connection keeps it; absent on listeners that do not ask for certificates. */
    public static final AttributeKey<ClientCertificate> KEY = AttributeKey.valueOf("gatehouse.clientCertificate");

    private String subject;

    /** The verified certificate's subject DN (RFC 2253, safe as a header value), or {@code null} when none. */
    public String subject() {
        return subject;
    }

    public void subject(String subject) {
        this.subject = subject;
    }
}
