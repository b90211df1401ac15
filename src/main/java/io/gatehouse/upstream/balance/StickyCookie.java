package io.gatehouse.upstream.balance;

import io.gatehouse.config.StickyConfig;
import io.gatehouse.pipeline.Exchange;
import io.gatehouse.upstream.UpstreamServer;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Session affinity by cookie: a request whose cookie names a usable server goes to that server;
 * otherwise the balancer chooses, and the response sets the cookie to the server that answered.
 * The cookie names a server by a hash of its address, the same across restarts and across
 * Gatehouse instances, and revealing no address.
 */
public final class StickyCookie {

    private final String name;
    private final String attributes;

    public StickyCookie(StickyConfig config) {
        this.name = config.cookie();
        this.attributes = "; Path=/" + (config.ttl() == null ? "" : "; Max-Age=" + config.ttl().toSeconds())
                + "; HttpOnly; SameSite=Lax";
    }

    /** The cookie values of a server list, for {@link #pinned} and {@link #onResponse}. */
    public static Routes routes(List<UpstreamServer> servers) {
        return new Routes(servers);
    }

    /** The server the request's cookie names, or {@code null} when it names none of {@code routes}. */
    public UpstreamServer pinned(Exchange exchange, Routes routes) {
        String value = Cookies.value(exchange, name);
        return value == null ? null : routes.byValue.get(value);
    }

    /** Sets the cookie on the response unless the request already carried this server's value. */
    public void onResponse(Exchange exchange, HttpResponse response, UpstreamServer server, Routes routes) {
        String value = routes.valueOf.get(server);
        if (value == null || value.equals(Cookies.value(exchange, name))) {
            return;
        }
        String secure = "https".equals(exchange.client().scheme()) ? "; Secure" : "";
        response.headers().add(HttpHeaderNames.SET_COOKIE, name + "=" + value + attributes + secure);
    }

    /** The cookie value of each server of one server list, both ways. */
    public static final class Routes {
        private final Map<String, UpstreamServer> byValue = new HashMap<>();
        private final Map<UpstreamServer, String> valueOf = new IdentityHashMap<>();

        private Routes(List<UpstreamServer> servers) {
            for (UpstreamServer s : servers) {
                String value = Long.toHexString(Hashing.hash(s.upstreamName() + "/" + s));
                byValue.put(value, s);
                valueOf.put(s, value);
            }
        }
    }
}
