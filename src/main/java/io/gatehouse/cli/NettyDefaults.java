package io.gatehouse.cli;

/**
 * Netty system properties whose default Gatehouse changes, set before any Netty class loads. A
 * value given on the command line ({@code -Dname=value}, e.g. through {@code JAVA_OPTS}) wins.
 */
final class NettyDefaults {

    /**
     * Netty's own flight-recorder events (buffer allocation) make it load and query the flight
     * recorder at start: about 70 classes and 2 to 3 MiB of resident memory for events that only a
     * recording of Netty's allocator would use. The JVM's own recordings are not affected.
     */
    static final String JFR_EVENTS = "io.netty.jfr.enabled";

    private NettyDefaults() {
    }

    static void apply() {
        if (System.getProperty(JFR_EVENTS) == null) {
            System.setProperty(JFR_EVENTS, "false");
        }
    }
}
