package io.gatehouse.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the certificate and key files of HTTPS listeners and reloads a listener's contexts when
 * one of its files changes: new handshakes use the new pair, open connections keep theirs. A pair
 * that fails to load is logged and the old one kept. Polls on its own thread, never an event loop.
 */
public final class CertificateWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CertificateWatcher.class);
    static final long INTERVAL_MILLIS = 2000;

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gatehouse-cert-watch");
        t.setDaemon(true);
        return t;
    });
    private final List<Watched> watched = new ArrayList<>();

    private static final class Watched {
        final String listener;
        final ServerTls tls;
        String stamp;

        Watched(String listener, ServerTls tls) {
            this.listener = listener;
            this.tls = tls;
            this.stamp = stampOf(tls);
        }
    }

    /** Starts watching a listener's files. Call before {@link #start()}. */
    public void watch(String listener, ServerTls tls) {
        watched.add(new Watched(listener, tls));
    }

    public void start() {
        if (!watched.isEmpty()) {
            executor.scheduleWithFixedDelay(this::check, INTERVAL_MILLIS, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void check() {
        for (Watched w : watched) {
            String now = stampOf(w.tls);
            if (now.equals(w.stamp)) {
                continue;
            }
            w.stamp = now;
            try {
                w.tls.reload();
                log.info("listener {}: certificates reloaded", w.listener);
            } catch (Exception e) {
                log.warn("listener {}: new certificate files not used, keeping the current ones: {}",
                        w.listener, e.getMessage());
            }
        }
    }

    /** Modification times and sizes of every file the listener uses. */
    private static String stampOf(ServerTls tls) {
        StringBuilder sb = new StringBuilder();
        for (var pair : tls.config().certificates()) {
            stamp(sb, pair.cert());
            stamp(sb, pair.key());
        }
        if (tls.config().clientCa() != null) {
            stamp(sb, tls.config().clientCa());
        }
        return sb.toString();
    }

    private static void stamp(StringBuilder sb, Path file) {
        try {
            sb.append(Files.getLastModifiedTime(file).toMillis()).append('/').append(Files.size(file)).append(';');
        } catch (IOException e) {
            sb.append("missing;");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
