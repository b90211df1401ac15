package io.gatehouse.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** Collects what one class logs while a test runs (from any thread), for assertions on the lines. */
public final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogLines(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
        appender.start();
        logger.addAppender(appender);
    }

    /** Starts collecting the log lines of {@code source}. */
    public static LogLines of(Class<?> source) {
        return new LogLines(source);
    }

    /** The formatted messages so far. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        synchronized (appender) {
            for (ILoggingEvent e : appender.list) {
                out.add(e.getFormattedMessage());
            }
        }
        return out;
    }

    /** Waits up to {@code millis} for a line that {@code wanted} accepts; fails with every line seen. */
    public String await(Predicate<String> wanted, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (true) {
            for (String line : lines()) {
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no such log line within " + millis + " ms; got " + lines());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
