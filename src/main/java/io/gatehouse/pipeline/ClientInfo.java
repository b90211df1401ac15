package io.gatehouse.pipeline;

import java.net.InetSocketAddress;

/**
 * The client connection a request came in on, as the forwarding headers and logs need it.
 * Made once per connection.
 *
 * @param remote    the client's address
 * @param ip        the client's IP as text (no port, IPv6 without brackets)
 * @param scheme    "http" or "https"
 * @param localPort the listener port the client connected to
 */
public record ClientInfo(InetSocketAddress remote, String ip, String scheme, int localPort) {

    public static ClientInfo of(InetSocketAddress remote, String scheme, int localPort) {
        String ip = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return new ClientInfo(remote, ip, scheme, localPort);
    }
}
