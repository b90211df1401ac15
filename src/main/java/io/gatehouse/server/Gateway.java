package io.gatehouse.server;

import io.gatehouse.config.ClientTimeoutsConfig;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.LimitsConfig;
import io.gatehouse.config.RouteConfig;
import io.gatehouse.config.UpstreamConfig;
import io.gatehouse.metrics.AccessLog;
import io.gatehouse.pipeline.Pipeline;
import io.gatehouse.route.Route;
import io.gatehouse.route.Router;
import io.gatehouse.upstream.Upstream;
import io.gatehouse.upstream.UpstreamTasks;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one configuration needs at run time: upstreams with their pools, the router, the
 * request pipeline and the access log. Built off the event loops; read-only afterwards, except
 * for the draining flag.
 */
public final class Gateway {

    private final GatehouseConfig config;
    private final Map<String, Upstream> upstreams;
    private final UpstreamTasks upstreamTasks;
    private final Pipeline pipeline;
    private final AccessLog accessLog;
    private volatile boolean draining;

    private Gateway(GatehouseConfig config, Map<String, Upstream> upstreams, UpstreamTasks upstreamTasks,
                    Pipeline pipeline, AccessLog accessLog) {
        this.config = config;
        this.upstreams = upstreams;
        this.upstreamTasks = upstreamTasks;
        this.pipeline = pipeline;
        this.accessLog = accessLog;
    }

    /** Resolves upstream servers and opens the access log: blocking, so never on an event loop. */
    public static Gateway build(GatehouseConfig config, Transport transport) throws IOException {
        AccessLog accessLog;
        try {
            accessLog = AccessLog.open(config.accessLog());
        } catch (IOException e) {
            throw new IOException("access_log.path: cannot open " + config.accessLog().path() + " ("
                    + e.getClass().getSimpleName().replace("Exception", "") + ": " + e.getMessage()
                    + "); check the directory exists and is writable", e);
        }
        Map<String, Upstream> upstreams = new LinkedHashMap<>();
        UpstreamTasks upstreamTasks = new UpstreamTasks(transport);
        try {
            for (UpstreamConfig u : config.upstreams().values()) {
                upstreams.put(u.name(), Upstream.build(u, upstreamTasks));
            }
        } catch (IOException e) {
            upstreams.values().forEach(Upstream::close);
            upstreamTasks.close();
            accessLog.close();
            throw e;
        }
        List<Route> routes = new ArrayList<>();
        for (RouteConfig r : config.routes()) {
            routes.add(new Route(r, upstreams.get(r.upstream())));
        }
        Pipeline pipeline = Pipeline.standard(config.limits(), new Router(routes), accessLog);
        return new Gateway(config, upstreams, upstreamTasks, pipeline, accessLog);
    }

    public Pipeline pipeline() { return pipeline; }
    public LimitsConfig limits() { return config.limits(); }
    public ClientTimeoutsConfig timeouts() { return config.timeouts(); }

    /** True once shutdown began: connections close after their current request. */
    public boolean isDraining() { return draining; }

    void startDraining() {
        draining = true;
    }

    /** Stops health checks and DNS re-resolution, closes pooled upstream connections and flushes the access log. */
    void close() {
        upstreams.values().forEach(Upstream::close);
        upstreamTasks.close();
        accessLog.close();
    }
}
