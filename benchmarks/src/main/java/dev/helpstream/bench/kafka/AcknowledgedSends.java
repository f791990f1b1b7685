package dev.helpstream.bench.kafka;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends a run of records as fast as the producer takes them and waits until every one is
 * acknowledged: the write loop of the Kafka ceiling and of the ticket loader.
 *
 * <p>Input: a producer (its settings are the caller's: the ceiling measures the client's defaults,
 * the loader batches and compresses) and the record for each index. Output: the nanoseconds from
 * the first {@code send} until {@code flush()} returned. Invariant: the method returns only if
 * every record was acknowledged; the first send error stops the loop and is thrown, naming what
 * was being written, so a measurement never counts records the broker refused.
 */
public final class AcknowledgedSends {

    private AcknowledgedSends() {}

    /**
     * Sends {@code recordFor.apply(i)} for {@code i} from 0 to {@code count - 1}, then flushes.
     *
     * @param what names the records in an error ("the ceiling's records to ceiling-in-…")
     * @return the nanoseconds from the first send until every record was acknowledged
     * @throws IllegalStateException when a record was not acknowledged
     */
    public static <K, V> long sendAll(
            Producer<K, V> producer, int count, IntFunction<ProducerRecord<K, V>> recordFor, String what) {
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong acknowledged = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < count && failure.get() == null; i++) {
            producer.send(recordFor.apply(i), (metadata, exception) -> {
                if (exception == null) {
                    acknowledged.incrementAndGet();
                } else {
                    failure.compareAndSet(null, exception);
                }
            });
        }
        producer.flush();
        long elapsed = System.nanoTime() - start;
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("could not write " + what + ": " + error.getMessage(), error);
        }
        if (acknowledged.get() != count) {
            throw new IllegalStateException(
                    acknowledged.get() + " of " + count + " " + what + " acknowledged after flush");
        }
        return elapsed;
    }
}
