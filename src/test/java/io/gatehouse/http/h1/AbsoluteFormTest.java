package io.gatehouse.http.h1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class AbsoluteFormTest {

    private static HttpRequest request(HttpMethod method, String target) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, target);
        request.headers().set("Host", "other.example");
        return request;
    }

    @Test
    void absoluteTargetGivesItsAuthorityToHost() {
        HttpRequest r = request(HttpMethod.GET, "http://api.example:8080/x?y=1");
        assertNull(AbsoluteForm.normalize(r));
        assertEquals("/x?y=1", r.uri());
        assertEquals("api.example:8080", r.headers().get("Host"));
    }

    @Test
    void schemeIsCaseInsensitive() {
        for (String target : new String[] {"Http://api.example/x", "HTTP://api.example/x", "hTtPs://api.example/x"}) {
            HttpRequest r = request(HttpMethod.GET, target);
            assertNull(AbsoluteForm.normalize(r), target);
            assertEquals("/x", r.uri(), target);
            assertEquals("api.example", r.headers().get("Host"), target);
        }
    }

    @Test
    void emptyPathBecomesSlashAndQueryKeepsItsSlash() {
        HttpRequest bare = request(HttpMethod.GET, "http://api.example");
        assertNull(AbsoluteForm.normalize(bare));
        assertEquals("/", bare.uri());
        HttpRequest query = request(HttpMethod.GET, "http://api.example?q=1");
        assertNull(AbsoluteForm.normalize(query));
        assertEquals("/?q=1", query.uri());
    }

    @Test
    void badTargetsAreRejected() {
        assertEquals("bad request target", AbsoluteForm.normalize(request(HttpMethod.GET, "ftp://api.example/")));
        assertEquals("bad authority in request target",
                AbsoluteForm.normalize(request(HttpMethod.GET, "http://user@api.example/")));
        assertEquals("bad authority in request target", AbsoluteForm.normalize(request(HttpMethod.GET, "http:///x")));
        assertEquals("\"*\" target is only for OPTIONS", AbsoluteForm.normalize(request(HttpMethod.GET, "*")));
        assertNull(AbsoluteForm.normalize(request(HttpMethod.OPTIONS, "*")));
    }
}
