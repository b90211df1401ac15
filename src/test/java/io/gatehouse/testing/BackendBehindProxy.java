package io.gatehouse.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base for integration tests that each run against a fresh {@link TestBackend} and a proxy in front of it:
 * before each test {@link #backend} and {@link #proxy} are started, after it both are closed.
 */
public abstract class BackendBehindProxy {

    private final String backendName;
    private final String routeYaml;
    private final String extraYaml;
    protected TestBackend backend;
    protected ProxyHarness proxy;

    /** A backend named {@code backendName} behind {@code ProxyHarness.inFrontOf(its port, extraYaml)}. */
    protected BackendBehindProxy(String backendName, String extraYaml) {
        this(backendName, "", extraYaml);
    }

    /** A backend named {@code backendName} behind {@code ProxyHarness.withRoute(its port, routeYaml, extraYaml)}. */
    protected BackendBehindProxy(String backendName, String routeYaml, String extraYaml) {
        this.backendName = backendName;
        this.routeYaml = routeYaml;
        this.extraYaml = extraYaml;
    }

    @BeforeEach
    protected void startBackendAndProxy() throws Exception {
        backend = TestBackend.start(backendName);
        proxy = ProxyHarness.withRoute(backend.port(), routeYaml, extraYaml);
    }

    @AfterEach
    protected void closeProxyAndBackend() {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }
}
