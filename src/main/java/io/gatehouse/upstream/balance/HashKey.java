package io.gatehouse.upstream.balance;

import io.gatehouse.config.HashKeyConfig;
import io.gatehouse.pipeline.Exchange;

/** What {@code balance: hash} (or {@code ip_hash}) hashes: a part of the request, or {@code null} when it has none. */
final class HashKey {

    static final HashKey CLIENT_IP = new HashKey(HashKeyConfig.CLIENT_IP);

    private final HashKeyConfig config;

    private HashKey(HashKeyConfig config) {
        this.config = config;
    }

    static HashKey of(HashKeyConfig config) {
        return new HashKey(config);
    }

    /** The key in {@code exchange}, or {@code null} when the request has none. */
    String from(Exchange exchange) {
        return switch (config.kind()) {
            case URI -> exchange.originalUri();
            case CLIENT_IP -> exchange.client().ip();
            case HEADER -> exchange.request().headers().get(config.name());
            case COOKIE -> Cookies.value(exchange, config.name());
        };
    }
}
