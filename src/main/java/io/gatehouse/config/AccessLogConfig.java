package io.gatehouse.config;

/**
 * {@code access_log}. Defaults: path stdout, format combined.
 *
 * @param path "stdout", "off", or a file path (relative to the config file's directory)
 */
public record AccessLogConfig(String path, Format format) {

    public static final AccessLogConfig DEFAULTS = new AccessLogConfig("stdout", Format.COMBINED);

    /** {@code access_log.format}. */
    public enum Format { COMBINED, JSON }

    public boolean isOff() {
        return "off".equals(path);
    }
}
