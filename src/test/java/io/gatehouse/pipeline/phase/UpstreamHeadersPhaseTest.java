package io.gatehouse.pipeline.phase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@code strip_prefix}: what is left of the request target is still an absolute path. */
class UpstreamHeadersPhaseTest {

    @Test
    void prefixIsRemovedAndTheRestKeepsItsSlash() {
        assertEquals("/users", UpstreamHeadersPhase.stripped("/api/users", "/api"));
        assertEquals("/users/7/orders", UpstreamHeadersPhase.stripped("/api/users/7/orders", "/api"));
    }

    @Test
    void emptyRestBecomesRoot() {
        assertEquals("/", UpstreamHeadersPhase.stripped("/api", "/api"));
        assertEquals("/", UpstreamHeadersPhase.stripped("/api/", "/api"));
        assertEquals("/", UpstreamHeadersPhase.stripped("/api/", "/api/"));
    }

    @Test
    void queryIsKept() {
        assertEquals("/users?sort=name&page=2", UpstreamHeadersPhase.stripped("/api/users?sort=name&page=2", "/api"));
        assertEquals("/?x=1", UpstreamHeadersPhase.stripped("/api?x=1", "/api"));
        assertEquals("/?x=1", UpstreamHeadersPhase.stripped("/api/?x=1", "/api/"));
    }

    @Test
    void prefixWithTrailingSlashLeavesAnAbsolutePath() {
        assertEquals("/css/site.css", UpstreamHeadersPhase.stripped("/static/css/site.css", "/static/"));
    }

    @Test
    void targetWithoutThePrefixIsUnchanged() {
        assertEquals("/other/api", UpstreamHeadersPhase.stripped("/other/api", "/api"));
        assertEquals("/", UpstreamHeadersPhase.stripped("/", "/api"));
    }
}
