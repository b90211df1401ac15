package io.gatehouse.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** TLS connections to a local port with the JDK, with a chosen SNI name, for tests that look at the handshake. */
public final class TlsSockets {

    private TlsSockets() {
    }

    /** Connects to 127.0.0.1:{@code port} and completes the handshake; {@code sni} may be null (no SNI). */
    public static SSLSocket open(SSLContext context, int port, String sni) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    /** The certificate the server presented on a connection. */
    public static X509Certificate presented(SSLSocket socket) throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    /** The certificate the server at {@code port} presents for {@code sni} on a new connection. */
    public static X509Certificate presented(SSLContext context, int port, String sni) throws IOException {
        try (SSLSocket socket = open(context, port, sni)) {
            return presented(socket);
        }
    }
}
