package io.gatehouse.upstream.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Finding one cookie in a Cookie header. */
class CookiesTest {

    @Test
    void findsTheNamedCookie() {
        assertEquals("abc", Cookies.value("gh_route=abc", "gh_route"));
        assertEquals("abc", Cookies.value("a=1; gh_route=abc; b=2", "gh_route"));
        assertEquals("x y", Cookies.value("a=1;gh_route=\"x y\"", "gh_route"));
        assertEquals("", Cookies.value("gh_route=; a=1", "gh_route"));
    }

    @Test
    void otherNamesDoNotMatch() {
        assertNull(Cookies.value("gh_route2=abc; xgh_route=1", "gh_route"));
        assertNull(Cookies.value("gh_rout=abc", "gh_route"));
        assertNull(Cookies.value("", "gh_route"));
        assertNull(Cookies.value("gh_route", "gh_route"));
    }
}
