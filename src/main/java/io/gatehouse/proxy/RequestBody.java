package io.gatehouse.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The request body of one exchange as the forwarding step holds it: the pieces not yet written
 * upstream and, for a body that arrived whole before forwarding began, copies to send it again on
 * a retry. Lives on the exchange's event loop; every piece is released exactly once.
 */
final class RequestBody {

    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>(4);
    /** Copies of a whole non-empty body; {@code null} for an empty or streamed one, or once dropped. */
    private List<HttpContent> copies;
    private final boolean whole;
    private boolean taken;

    /**
     * @param received pieces read before forwarding began (ownership passes)
     * @param complete whether they hold the whole body (the last one is a {@code LastHttpContent})
     */
    RequestBody(List<HttpContent> received, boolean complete) {
        for (HttpContent piece : received) { // not addAll: it makes a method reference per call
            pending.add(piece);
        }
        whole = complete;
        if (complete && !isEmpty(received)) {
            copies = new ArrayList<>(received.size());
            for (HttpContent c : received) {
                copies.add(c.retainedDuplicate());
            }
        }
    }

    private static boolean isEmpty(List<HttpContent> body) {
        return body.size() == 1 && !body.get(0).content().isReadable()
                && ((LastHttpContent) body.get(0)).trailingHeaders().isEmpty();
    }

    /** A piece that arrived while no connection could take it (ownership passes). */
    void add(HttpContent piece) {
        pending.add(piece);
    }

    /** The next piece to write, or {@code null}; an attempt that writes pieces has taken the body. */
    HttpContent next() {
        taken = true;
        return pending.poll();
    }

    /** Whether the whole body can be sent (again): none of it was written yet, or it is kept whole. */
    boolean isInHand() {
        return whole || !taken;
    }

    /** Makes the body ready to be written again from the start, for another attempt. */
    void rewind() {
        if (!taken) {
            return;
        }
        taken = false;
        releasePending();
        if (copies != null) {
            for (HttpContent c : copies) {
                pending.add(c.retainedDuplicate());
            }
        } else {
            pending.add(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** The response has begun: the body will not be sent again. */
    void dropCopies() {
        if (copies != null) {
            for (HttpContent c : copies) {
                c.release();
            }
            copies = null;
        }
    }

    /** Releases everything still held. */
    void release() {
        dropCopies();
        releasePending();
    }

    private void releasePending() {
        HttpContent c;
        while ((c = pending.poll()) != null) {
            c.release();
        }
    }
}
