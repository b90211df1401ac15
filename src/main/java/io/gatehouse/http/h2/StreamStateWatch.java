package io.gatehouse.http.h2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameLogger;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.logging.LogLevel;

/**
 * Gives frames on streams the client already ended the answers of RFC 9113 sections 5.1 and 5.1.1,
 * where Netty's codec resets the stream whatever the case:
 * <ul>
 *   <li>a frame on a stream both sides ended: connection error {@code STREAM_CLOSED};</li>
 *   <li>a new stream with an id lower than one already opened: connection error {@code PROTOCOL_ERROR};</li>
 *   <li>a second HEADERS after the client's END_STREAM: stream error {@code STREAM_CLOSED}, where Netty
 *       reports {@code PROTOCOL_ERROR} (too many header blocks) first.</li>
 * </ul>
 * Frames on a stream that was reset still get a stream error only: they may have crossed the reset.
 *
 * <p>It sees the frames through Netty's frame logger hook, the one place that sees a frame before the
 * codec checks it; frames are still logged at TRACE under this class's name.
 */
final class StreamStateWatch extends Http2FrameLogger {

    private final StreamHistory history = new StreamHistory();
    private Http2Connection connection;
    private int headersAfterEnd;

    StreamStateWatch() {
        super(LogLevel.TRACE, StreamStateWatch.class);
    }

    /** Starts following the streams of {@code connection}, the one whose frames this logger sees. */
    void follow(Http2Connection connection) {
        this.connection = connection;
        connection.addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamAdded(Http2Stream stream) {
                if (connection.remote().isValidStreamId(stream.id())) {
                    history.opened(stream.id());
                }
            }

            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (connection.remote().isValidStreamId(stream.id())) {
                    history.closed(stream.id(), stream.isResetSent());
                }
            }
        });
    }

    /**
     * The error the RFC asks for instead of {@code error}, raised by a frame from the client, or
     * {@code null} when Netty's answer stands.
     */
    Http2Exception stricter(Http2Exception.StreamException error) {
        int id = error.streamId();
        if (id == headersAfterEnd) {
            headersAfterEnd = 0;
            return error.error() == Http2Error.STREAM_CLOSED ? null
                    : Http2Exception.streamError(id, Http2Error.STREAM_CLOSED, "HEADERS on stream %d after its END_STREAM", id);
        }
        if (connection.stream(id) != null) {
            return null;
        }
        return switch (history.fate(id)) {
            case ENDED -> Http2Exception.connectionError(Http2Error.STREAM_CLOSED, "frame on stream %d, which had ended", id);
            case SKIPPED -> Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR,
                    "stream %d opened after a higher stream id", id);
            case UNKNOWN -> null;
        };
    }

    @Override
    public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
            int padding, boolean endStream) {
        sawHeaders(direction, streamId);
        super.logHeaders(direction, ctx, streamId, headers, padding, endStream);
    }

    @Override
    public void logHeaders(Direction direction, ChannelHandlerContext ctx, int streamId, Http2Headers headers,
            int streamDependency, short weight, boolean exclusive, int padding, boolean endStream) {
        sawHeaders(direction, streamId);
        super.logHeaders(direction, ctx, streamId, headers, streamDependency, weight, exclusive, padding, endStream);
    }

    @Override
    public void logRstStream(Direction direction, ChannelHandlerContext ctx, int streamId, long errorCode) {
        if (direction == Direction.INBOUND) {
            history.resetByClient(streamId);
        }
        super.logRstStream(direction, ctx, streamId, errorCode);
    }

    private void sawHeaders(Direction direction, int streamId) {
        if (direction == Direction.INBOUND) {
            Http2Stream stream = connection.stream(streamId);
            headersAfterEnd = stream != null && stream.state() == Http2Stream.State.HALF_CLOSED_REMOTE ? streamId : 0;
        }
    }
}
