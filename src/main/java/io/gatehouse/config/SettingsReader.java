package io.gatehouse.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/** Reads the proxy-wide sections: {@code limits}, {@code timeouts} and {@code access_log}. */
final class SettingsReader {

    private SettingsReader() {}

    static LimitsConfig limits(MapReader limits) {
        LimitsConfig defaults = LimitsConfig.DEFAULTS;
        LimitsConfig config = new LimitsConfig(
                limits.size("max_request_body", defaults.maxRequestBody(), 0, Long.MAX_VALUE),
                (int) limits.size("max_header_size", defaults.maxHeaderSize(), 64, 1L << 20),
                (int) limits.size("max_uri_length", defaults.maxUriLength(), 16, 1L << 20),
                (int) limits.size("request_buffer", defaults.requestBuffer(), 0, 16L << 20),
                limits.wholeNumber("max_concurrent_streams", defaults.maxConcurrentStreams(), 1, 10_000));
        limits.finish();
        return config;
    }

    static ClientTimeoutsConfig timeouts(MapReader timeouts) {
        ClientTimeoutsConfig defaults = ClientTimeoutsConfig.DEFAULTS;
        ClientTimeoutsConfig config = new ClientTimeoutsConfig(
                timeouts.duration("client_header", defaults.clientHeader(), false),
                timeouts.duration("client_body", defaults.clientBody(), false),
                timeouts.duration("keepalive", defaults.keepalive(), false),
                timeouts.duration("send", defaults.send(), false),
                timeouts.duration("drain", defaults.drain(), true));
        timeouts.finish();
        return config;
    }

    /** @param directory the config file's directory, or {@code null} to leave relative paths as they are */
    static AccessLogConfig accessLog(MapReader accessLog, Path directory) {
        String path = logPath(accessLog, directory);
        AccessLogConfig.Format format = AccessLogConfig.DEFAULTS.format();
        String formatText = accessLog.text("format", null);
        if (formatText != null) {
            switch (formatText.toLowerCase(Locale.ROOT)) {
                case "combined" -> format = AccessLogConfig.Format.COMBINED;
                case "json" -> format = AccessLogConfig.Format.JSON;
                default -> accessLog.report(
                        "format", '"' + formatText + "\" is not a log format; use combined or json");
            }
        }
        accessLog.finish();
        return new AccessLogConfig(path, format);
    }

    /** "stdout", "off" (also a plain YAML false such as {@code off} or {@code no}), or a file. */
    private static String logPath(MapReader accessLog, Path directory) {
        YamlNode node = accessLog.node("path");
        if (node instanceof YamlNode.Scalar scalar && scalar.kind() == YamlNode.Kind.FALSE) {
            return "off";
        }
        if (node instanceof YamlNode.Scalar scalar && scalar.kind() == YamlNode.Kind.TRUE) {
            return accessLog.values().mismatch(node, accessLog.pathOf("path"), "stdout, off or a file path");
        }
        String path = accessLog.text("path", AccessLogConfig.DEFAULTS.path());
        if (path.equals("stdout") || path.equals("off")) {
            return path;
        }
        try {
            Path file = Path.of(path);
            return directory == null || file.isAbsolute() ? path : directory.resolve(file).toString();
        } catch (InvalidPathException e) {
            accessLog.report("path", '"' + path + "\" is not a valid file path");
            return null;
        }
    }
}
