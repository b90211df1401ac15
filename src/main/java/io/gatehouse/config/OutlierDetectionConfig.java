package io.gatehouse.config;

import java.time.Duration;

/**
 * {@code upstreams.<name>.outlier_detection}: ejecting servers that fail in a row. Defaults:
 * consecutive_5xx 5, ejection_time 30s, max_ejected 50%.
 *
 * @param consecutive5xx    5xx responses or failed requests in a row that eject a server
 * @param ejectionTime      how long it stays out
 * @param maxEjectedPercent at most this share of the servers is out at once (at least one)
 */
public record OutlierDetectionConfig(int consecutive5xx, Duration ejectionTime, int maxEjectedPercent) {
    public static final OutlierDetectionConfig DEFAULTS = new OutlierDetectionConfig(5, Duration.ofSeconds(30), 50);
}
