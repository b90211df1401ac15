package io.gatehouse.tls;

import io.gatehouse.pipeline.ClientCertificate;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;

/**
 * Records the subject of the client certificate in the connection's {@link ClientCertificate}
 * when the TLS handshake of a listener with {@code client_auth} completes, then leaves the pipeline.
 */
final class ClientCertificateHandler extends ChannelInboundHandlerAdapter {

    private final ClientCertificate certificate;

    ClientCertificateHandler(ClientCertificate certificate) {
        this.certificate = certificate;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            SslHandler ssl = ctx.pipeline().get(SslHandler.class);
            if (done.isSuccess() && ssl != null) {
                certificate.subject(subjectOf(ssl));
            }
            ctx.pipeline().remove(this);
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** The peer's RFC 2253 subject, or {@code null} when the client sent no certificate. */
    private static String subjectOf(SslHandler ssl) {
        Certificate[] chain;
        try {
            chain = ssl.engine().getSession().getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
            return null;
        }
        return headerSafe(leaf.getSubjectX500Principal().getName(X500Principal.RFC2253));
    }

    /**
     * Escapes every character outside printable ASCII as RFC 4514 hex pairs of its UTF-8 bytes
     * ({@code é} becomes {@code \C3\A9}), so the DN stays valid and is a safe header value.
     */
    static String headerSafe(String dn) {
        StringBuilder sb = new StringBuilder(dn.length());
        for (int i = 0; i < dn.length(); ) {
            int cp = dn.codePointAt(i);
            if (cp >= 0x20 && cp < 0x7F) {
                sb.append((char) cp);
            } else {
                for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('\\').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
            i += Character.charCount(cp);
        }
        return sb.toString();
    }
}
