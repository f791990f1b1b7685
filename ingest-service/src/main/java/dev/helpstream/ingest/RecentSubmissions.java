package dev.helpstream.ingest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The submissions this instance accepted recently under an Idempotency-Key, so that a retry is
 * answered without writing the message again, and the same key with a different request is
 * refused.
 *
 * <p>An optimization and a guard, not the dedup: the cache is bounded (least recently used entries
 * leave first), per instance and lost on restart. Correctness comes from the message id: a retry
 * that misses the cache writes a message with the same id, which routing-stream drops as a
 * duplicate and which names the same ticket. Only acknowledged sends are remembered.
 */
final class RecentSubmissions {

    private final Map<String, Entry> entries;
    private final int capacity;

    RecentSubmissions(int capacity) {
        this.capacity = capacity;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > RecentSubmissions.this.capacity;
            }
        };
    }

    /** The accepted submission with this message id, if it is still remembered. */
    synchronized Optional<Entry> find(String messageId) {
        return Optional.ofNullable(entries.get(messageId));
    }

    /** Remembers an acknowledged submission. */
    synchronized void remember(String messageId, String fingerprint, TicketAccepted accepted) {
        if (capacity > 0) {
            entries.put(messageId, new Entry(fingerprint, accepted));
        }
    }

    /**
     * @param fingerprint the SHA-256 of what was submitted
     * @param accepted the answer given
     */
    record Entry(String fingerprint, TicketAccepted accepted) {}
}
