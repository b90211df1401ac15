package io.gatehouse.metrics;

import io.gatehouse.config.AccessLogConfig;
import io.gatehouse.pipeline.Exchange;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Where finished exchanges are recorded, one line each. */
public interface AccessLog {

    /** Records a finished exchange. Called on an event loop: must not block. */
    void log(Exchange exchange);

    /** Writes what is queued and closes the output. */
    void close();

    AccessLog OFF = new AccessLog() {
        @Override
        public void log(Exchange exchange) {
        }

        @Override
        public void close() {
        }
    };

    /** Opens the configured log (creating a file and its directories if needed). */
    static AccessLog open(AccessLogConfig config) throws IOException {
        if (config.isOff()) {
            return OFF;
        }
        OutputStream out;
        if ("stdout".equals(config.path())) {
            out = new FileOutputStream(FileDescriptor.out);
        } else {
            Path file = Path.of(config.path());
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        }
        AccessLogFormat format = config.format() == AccessLogConfig.Format.JSON
                ? AccessLogFormat.JSON : AccessLogFormat.COMBINED;
        return new AsyncAccessLog(out, format);
    }
}
