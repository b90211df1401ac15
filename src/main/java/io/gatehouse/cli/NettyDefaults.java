package io.gatehouse.cli;

import java.util.List;
import java.util.Map;

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

    /**
     * Netty's buffer leak detector samples one buffer in 128 by default. The sampled buffers come
     * wrapped in another class, so every call site that handles buffers sees two types and the JIT
     * compiles it less tightly: 4 to 14 % more CPU per proxied request, measured. Gatehouse's test
     * suite runs with the detector at its strictest and fails on any leak; in production it can be
     * turned back on for a diagnosis ({@code -Dio.netty.leakDetection.level=simple}).
     */
    static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    static final Map<String, String> DEFAULTS = Map.of(JFR_EVENTS, "false", LEAK_DETECTION, "disabled");

    /** Older names Netty still reads for the same setting: a user who gives one of them is obeyed too. */
    static final Map<String, List<String>> OLDER_NAMES =
            Map.of(LEAK_DETECTION, List.of("io.netty.leakDetectionLevel", "io.netty.noResourceLeakDetection"));

    private NettyDefaults() {
    }

    static void apply() {
        DEFAULTS.forEach((name, value) -> {
            boolean given = System.getProperty(name) != null
                    || OLDER_NAMES.getOrDefault(name, List.of()).stream().anyMatch(old -> System.getProperty(old) != null);
            if (!given) {
                System.setProperty(name, value);
            }
        });
    }
}
