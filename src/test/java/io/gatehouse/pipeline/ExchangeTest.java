package io.gatehouse.pipeline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ExchangeTest {

    private static Exchange exchange() {
        return new Exchange(null, null, new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/"),
                ClientInfo.of(new InetSocketAddress("127.0.0.1", 5000), "http", 80));
    }

    @Test
    void theWallClockStartIsWhenTheExchangeBeganNotWhenItIsAsked() throws InterruptedException {
        long before = System.currentTimeMillis();
        Exchange exchange = exchange();
        long after = System.currentTimeMillis();
        Thread.sleep(120);
        long start = exchange.startMillis();
        // One millisecond either way for the two clocks' rounding.
        assertTrue(start >= before - 1 && start <= after + 1, before + " <= " + start + " <= " + after);
    }
}
