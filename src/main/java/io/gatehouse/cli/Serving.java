package io.gatehouse.cli;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.server.GatehouseServer;
import io.gatehouse.server.StartupException;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Runs a server in the foreground until SIGTERM or SIGINT, then drains it and returns 0. */
final class Serving {

    private static final Logger log = LoggerFactory.getLogger(Serving.class);

    private Serving() {
    }

    /**
     * @param afterStart runs once the listeners are bound (the demo prints its tour), may be null
     * @return the process exit code
     */
    static int serve(GatehouseConfig config, boolean debug, Runnable afterStart) {
        if (debug) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
        CountDownLatch stop = new CountDownLatch(1);
        // Signal handlers rather than a shutdown hook: the drain runs fully and the exit code is 0.
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        GatehouseServer server;
        try {
            server = GatehouseServer.start(config);
        } catch (StartupException e) {
            if (debug) {
                e.printStackTrace();
            }
            String file = config.source() == null ? "" : config.source() + ": ";
            System.err.println("gatehouse: " + file + e.getMessage());
            return 1;
        }
        log.info("gatehouse ready ({} transport)", server.transportName());
        if (afterStart != null) {
            afterStart.run();
        }
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("shutting down: draining for up to {} ms", config.timeouts().drain().toMillis());
        server.shutdown(config.timeouts().drain());
        log.info("stopped");
        return 0;
    }
}
