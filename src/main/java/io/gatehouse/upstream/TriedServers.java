package io.gatehouse.upstream;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The servers one request has tried, as the filter a retry chooses with: available servers it
 * has not tried yet. Made only when a request is retried.
 */
public final class TriedServers implements Predicate<UpstreamServer> {

    private UpstreamServer[] tried = new UpstreamServer[2];
    private int count;

    public void add(UpstreamServer server) {
        if (contains(server)) {
            return;
        }
        if (count == tried.length) {
            tried = Arrays.copyOf(tried, count * 2);
        }
        tried[count++] = server;
    }

    public boolean contains(UpstreamServer server) {
        for (int i = 0; i < count; i++) {
            if (tried[i] == server) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean test(UpstreamServer server) {
        return server.isAvailable() && !contains(server);
    }
}
