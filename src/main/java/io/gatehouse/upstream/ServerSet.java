package io.gatehouse.upstream;

import io.gatehouse.upstream.balance.LoadBalancer;
import io.gatehouse.upstream.balance.StickyCookie;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers of an upstream at one moment, with the balancers over them: one over the primary
 * servers and one over the backups. Immutable; DNS changes replace it whole.
 */
final class ServerSet {

    final List<UpstreamServer> all;
    final LoadBalancer primary;
    /** {@code null} when the upstream has no backup servers. */
    final LoadBalancer backup;
    /** {@code null} without a sticky cookie. */
    final StickyCookie.Routes routes;

    ServerSet(List<UpstreamServer> all, LoadBalancer.Factory factory, boolean sticky) {
        this.all = List.copyOf(all);
        List<UpstreamServer> primaries = new ArrayList<>();
        List<UpstreamServer> backups = new ArrayList<>();
        for (UpstreamServer s : all) {
            (s.isBackup() ? backups : primaries).add(s);
        }
        this.primary = factory.create(primaries);
        this.backup = backups.isEmpty() ? null : factory.create(backups);
        this.routes = sticky ? StickyCookie.routes(all) : null;
    }
}
