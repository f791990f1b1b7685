package dev.helpstream.ingest;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.multipart.PartEvent;

/**
 * Who releases the network buffer of each part event of one multipart request: exactly one party,
 * exactly once.
 *
 * <p>A part event's content is either taken by the request's code ({@link #take}: the attachment
 * receiver then owns it and releases it when written or refused; {@link #consume}: released here
 * at once) or discarded by the reactive operators ({@link #discard}, from a {@code doOnDiscard}
 * hook: released here). The same event can reach both paths ({@code then()} discards every form
 * event after it was read), or the discard path twice: Reactor's
 * {@code concatMap}, which Spring's multipart reader uses to emit part events, discards a value
 * that it has already emitted when the cancellation of a failed upload reaches it afterwards. A
 * second release of a slice lowers the count of the network buffer that the slices of the next
 * events share, so a later event is found released while it is still being counted and written.
 * Hence the record of the buffers already settled: whatever comes second does nothing.
 *
 * <p>Thread-safe: discards and takes happen on the event loop and on the file-channel thread.
 */
final class PartBuffers {

    private static final Logger log = LoggerFactory.getLogger(PartBuffers.class);

    private final Set<DataBuffer> settled =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    /** The event's content, now owned by the caller, who must release it. */
    DataBuffer take(PartEvent event) {
        DataBuffer content = event.content();
        if (!settled.add(content)) {
            throw new IllegalStateException("a part event was delivered after its content was released");
        }
        return content;
    }

    /** Releases the content of an event that the request has read (a form field). */
    void consume(PartEvent event) {
        release(event);
    }

    /** Releases the content of an event that an operator dropped, unless it is already settled. */
    void discard(PartEvent event) {
        release(event);
    }

    private void release(PartEvent event) {
        DataBuffer content = event.content();
        if (settled.add(content)) {
            DataBufferUtils.release(content);
        } else {
            // Expected on every refused upload (see the class comment): not worth more than a trace.
            log.debug(
                    "The buffer of a {} was already released or taken",
                    event.getClass().getSimpleName());
        }
    }
}
