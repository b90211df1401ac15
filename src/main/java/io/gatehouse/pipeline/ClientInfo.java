package io.gatehouse.pipeline;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;

/**
 * The client connection a request came in on, as the forwarding headers and logs need it.
 * Made once per connection (for HTTP/2, on its first stream, and shared by the others).
 *
 * @param remote      the client's address
 * @param ip          the client's IP as text (no port, IPv6 without brackets)
 * @param scheme      "http" or "https"
 * @param localPort   the listener port the client connected to
 * @param certificate the client's certificate on listeners that ask for one, else {@code null}
 */
public record ClientInfo(InetSocketAddress remote, String ip, String scheme, int localPort,
                         ClientCertificate certificate) {

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
        return new ClientInfo(remote, ip, scheme, localPort, certificate);
    }
}
