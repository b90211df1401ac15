package io.gatehouse.http.h2;

import io.gatehouse.pipeline.ClientInfo;
import io.gatehouse.server.Gateway;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the streams of one HTTP/2 connection straight from its frame codec: each stream the
 * client opens gets an {@link Http2StreamEnd}, which its HEADERS and DATA frames reach by stream
 * id. Frames of the connection itself go on to the next handler.
 */
final class Http2StreamsHandler extends ChannelInboundHandlerAdapter {

    private final Gateway gateway;
    private final String scheme;
    private final Http2Connection connection;
    private final IntObjectMap<Http2StreamEnd> streams = new IntObjectHashMap<>();
    private final List<Http2StreamEnd> readThisTurn = new ArrayList<>();
    private ChannelHandlerContext ctx;
    private ClientInfo client;

    Http2StreamsHandler(Gateway gateway, String scheme, Http2Connection connection) {
        this.gateway = gateway;
        this.scheme = scheme;
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Http2StreamFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        Http2StreamEnd end = streams.get(frame.stream().id());
        if (end == null && frame instanceof Http2HeadersFrame) {
            end = open(frame);
        }
        if (end == null || !(frame instanceof Http2HeadersFrame || frame instanceof Http2DataFrame)) {
            // Resets, window updates and unknown frame types: the codec has acted on them.
            ReferenceCountUtil.release(frame);
            return;
        }
        end.onFrame(frame);
        if (!end.readThisTurn) {
            end.readThisTurn = true;
            readThisTurn.add(end);
        }
    }

    private Http2StreamEnd open(Http2StreamFrame frame) {
        if (client == null) {
            client = ClientInfo.of(ctx.channel(), scheme);
        }
        Http2StreamEnd end = new Http2StreamEnd(ctx, connection, frame.stream(), gateway, client);
        streams.put(frame.stream().id(), end);
        return end;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        for (int i = 0; i < readThisTurn.size(); i++) {
            readThisTurn.get(i).readComplete();
        }
        readThisTurn.clear();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof Http2FrameStreamEvent event)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        int id = event.stream().id();
        Http2StreamEnd end = streams.get(id);
        if (end == null) {
            return;
        }
        if (event.type() == Http2FrameStreamEvent.Type.Writability) {
            end.writabilityChanged();
        } else if (event.stream().state() == Http2Stream.State.CLOSED) {
            streams.remove(id);
            end.closed();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        for (Http2StreamEnd end : streams.values()) {
            end.writabilityChanged();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof Http2FrameStreamException streamError)) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        // A stream error in the client's frames (RFC 9113 section 5.4.2): that stream is reset with
        // the error's code; the connection and its other streams go on.
        Http2StreamEnd end = streams.get(streamError.stream().id());
        if (end != null) {
            end.failed(streamError.getCause(), streamError.error());
        } else {
            ctx.write(new DefaultHttp2ResetFrame(streamError.error()).stream(streamError.stream()), ctx.newPromise());
        }
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // The codec closes the open streams first; whatever is left is cut off here.
        List<Http2StreamEnd> left = new ArrayList<>(streams.values());
        streams.clear();
        for (Http2StreamEnd end : left) {
            end.closed();
        }
        ctx.fireChannelInactive();
    }
}
