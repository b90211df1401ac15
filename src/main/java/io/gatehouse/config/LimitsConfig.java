package io.gatehouse.config;

/**
 * {@code limits}. Defaults: max_request_body 10MB, max_header_size 16KB, max_uri_length 8KB,
 * request_buffer 64KB, max_concurrent_streams 128.
 *
 * @param maxRequestBody       larger request bodies are answered 413 (0 = no limit)
 * @param maxHeaderSize        the whole request head; larger -> 431 (on HTTP/2 also
 *                             SETTINGS_MAX_HEADER_LIST_SIZE)
 * @param maxUriLength         the request target; longer -> 414
 * @param requestBuffer        a request body up to this size is read whole before the upstream is
 *                             contacted, so slow uploads do not hold upstream connections
 * @param maxConcurrentStreams requests one HTTP/2 connection may have open at once
 *                             (SETTINGS_MAX_CONCURRENT_STREAMS)
 */
public record LimitsConfig(long maxRequestBody, int maxHeaderSize, int maxUriLength, int requestBuffer,
                           int maxConcurrentStreams) {
    public static final LimitsConfig DEFAULTS = new LimitsConfig(10L << 20, 16 << 10, 8 << 10, 64 << 10, 128);
}
