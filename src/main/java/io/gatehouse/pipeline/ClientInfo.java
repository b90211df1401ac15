package io.gatehouse.pipeline;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * The client connection a request came in on, as the forwarding headers and logs need it.
 * Made once per connection (for HTTP/2, on its first stream, and shared by the others), and used
 * on that connection's event loop only.
 */
public final class ClientInfo {

    private final String ip;
    private final String scheme;
    private final int localPort;
    private final String localPortText;
    private final ClientCertificate certificate;
    /** The last {@code Forwarded} element made for this connection, and the Host it was made for. */
    private String forwardedHost;
    private String forwardedElement;

    /**
     * @param ip          the client's IP as text (no port, IPv6 without brackets)
     * @param scheme      "http" or "https"
     * @param localPort   the listener port the client connected to
     * @param certificate the client's certificate on listeners that ask for one, else {@code null}
     */
    public ClientInfo(String ip, String scheme, int localPort, ClientCertificate certificate) {
        this.ip = ip;
        this.scheme = scheme;
        this.localPort = localPort;
        this.localPortText = Integer.toString(localPort);
        this.certificate = certificate;
    }

    /** A client on a listener that does not ask for certificates. */
    public static ClientInfo of(InetSocketAddress remote, String scheme, int localPort) {
        return of(remote, scheme, localPort, null);
    }

    /** The client of an accepted connection, with its {@link ClientCertificate} when the listener asks for one. */
    public static ClientInfo of(Channel connection, String scheme) {
        ClientCertificate certificate = connection.hasAttr(ClientCertificate.KEY)
                ? connection.attr(ClientCertificate.KEY).get() : null;
        return of((InetSocketAddress) connection.remoteAddress(), scheme,
                ((InetSocketAddress) connection.localAddress()).getPort(), certificate);
    }

    private static ClientInfo of(InetSocketAddress remote, String scheme, int localPort,
                                 ClientCertificate certificate) {
        String ip = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return new ClientInfo(ip, scheme, localPort, certificate);
    }

    public String ip() { return ip; }
    public String scheme() { return scheme; }
    public int localPort() { return localPort; }
    /** The listener port as text, made once per connection. */
    public String localPortText() { return localPortText; }
    public ClientCertificate certificate() { return certificate; }

    /**
     * The {@code Forwarded} element remembered for requests with this Host, or {@code null}. The
     * requests of one connection nearly always name the same host, so the element is made once.
     */
    public String forwardedElement(String host) {
        return host != null && host.equals(forwardedHost) ? forwardedElement : null;
    }

    public void rememberForwardedElement(String host, String element) {
        forwardedHost = host;
        forwardedElement = element;
    }

    @Override
    public String toString() {
        return "ClientInfo[" + ip + " -> " + scheme + ":" + localPort + "]";
    }
}
