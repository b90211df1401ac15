package io.gatehouse.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.testing.ProxyHarness;
import io.gatehouse.testing.TestBackend;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How each balance method spreads real requests over three real backends. */
class BalancingIT {

    private final List<TestBackend> backends = new ArrayList<>();

    @BeforeEach
    void startBackends() throws Exception {
        HttpClient direct = HttpClient.newHttpClient();
        for (String name : List.of("a", "b", "c")) {
            TestBackend backend = TestBackend.start(name);
            backends.add(backend);
            // A backend's first answers are slow (threads, classes); least_time would remember that.
            for (int i = 0; i < 5; i++) {
                direct.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + backend.port() + "/warm")).build(),
                        HttpResponse.BodyHandlers.discarding());
                backend.take();
            }
        }
    }

    @AfterEach
    void stopBackends() {
        backends.forEach(TestBackend::close);
    }

    /** A proxy whose upstream {@code api} has the three backends with the given per-server keys and upstream keys. */
    private ProxyHarness proxy(String upstreamKeys, String... serverKeys) throws Exception {
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < backends.size(); i++) {
            String extra = i < serverKeys.length ? serverKeys[i] : "";
            servers.append("  - {address: 127.0.0.1:").append(backends.get(i).port())
                    .append(extra.isEmpty() ? "" : ", " + extra).append("}\n");
        }
        return ProxyHarness.withUpstream("api", "servers:\n" + servers + upstreamKeys);
    }

    /** Sends {@code n} GETs one after another; counts the answering backend of each. */
    private static Map<String, Integer> sequential(ProxyHarness proxy, int n, String header) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpRequest.Builder r = HttpRequest.newBuilder(proxy.uri("/item/" + i)).timeout(Duration.ofSeconds(10));
            if (header != null) {
                r.header("X-User", header);
            }
            HttpResponse<String> response = proxy.client().send(r.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            counts.merge(response.body().substring(0, 1), 1, Integer::sum);
        }
        return counts;
    }

    /** Keeps {@code workers} clients sending GETs one after another for {@code millis}; counts the answering backends. */
    private static Map<String, Integer> load(ProxyHarness proxy, int workers, long millis) throws Exception {
        Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
        long end = System.currentTimeMillis() + millis;
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            running.add(CompletableFuture.runAsync(() -> {
                try {
                    while (System.currentTimeMillis() < end) {
                        HttpResponse<String> response = proxy.get("/w");
                        assertEquals(200, response.statusCode(), response.body());
                        counts.merge(response.body().substring(0, 1), 1, Integer::sum);
                    }
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }));
        }
        for (CompletableFuture<Void> f : running) {
            f.get(millis + 10_000, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        return counts;
    }

    /** Makes backend {@code i} take {@code millis} per request. */
    private void slow(int i, long millis) {
        String name = backends.get(i).name();
        backends.get(i).answer(e -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            TestBackend.reply(e, 200, name);
        });
    }

    @Test
    void roundRobinGivesEachServerExactlyItsWeight() throws Exception {
        try (ProxyHarness proxy = proxy("", "weight: 3", "weight: 2", "weight: 1")) {
            assertEquals(Map.of("a", 30, "b", 20, "c", 10), sequential(proxy, 60, null));
        }
    }

    @Test
    void leastConnSendsLessToAServerThatIsBusyLonger() throws Exception {
        slow(0, 300);
        slow(1, 10);
        slow(2, 10);
        try (ProxyHarness proxy = proxy("balance: least_conn")) {
            Map<String, Integer> counts = load(proxy, 3, 1500);
            int a = counts.getOrDefault("a", 0);
            int others = counts.getOrDefault("b", 0) + counts.getOrDefault("c", 0);
            assertTrue(a * 8 < others, "the slow server holds its requests longer, so it gets fewer: " + counts);
        }
    }

    @Test
    void leastTimeLearnsWhichServerIsFaster() throws Exception {
        slow(0, 100);
        try (ProxyHarness proxy = proxy("balance: least_time")) {
            Map<String, Integer> counts = sequential(proxy, 40, null);
            int slow = counts.getOrDefault("a", 0);
            assertTrue(slow <= 4, "once its time is known, the slow server is passed over: " + counts);
        }
    }

    @Test
    void randomUsesEveryServer() throws Exception {
        try (ProxyHarness proxy = proxy("balance: random")) {
            Map<String, Integer> counts = sequential(proxy, 90, null);
            for (String name : List.of("a", "b", "c")) {
                int n = counts.getOrDefault(name, 0);
                assertTrue(n >= 12 && n <= 50, "each about a third: " + counts);
            }
        }
    }

    @Test
    void ipHashKeepsAClientOnOneServer() throws Exception {
        try (ProxyHarness proxy = proxy("balance: ip_hash")) {
            Map<String, Integer> counts = sequential(proxy, 20, null);
            assertEquals(1, counts.size(), "every request from 127.0.0.1 on one server: " + counts);
        }
    }

    @Test
    void hashOnAHeaderKeepsEachKeyOnOneServerAndSpreadsTheKeys() throws Exception {
        try (ProxyHarness proxy = proxy("balance: hash\nhash_key: header:X-User")) {
            Map<String, Integer> usedFor = new HashMap<>();
            for (int user = 0; user < 30; user++) {
                Map<String, Integer> counts = sequential(proxy, 3, "user-" + user);
                assertEquals(1, counts.size(), "user-" + user + " always on one server: " + counts);
                usedFor.merge(counts.keySet().iterator().next(), 1, Integer::sum);
            }
            assertEquals(3, usedFor.size(), "30 users spread over the three servers: " + usedFor);
        }
    }
}
