package dev.helpstream.gateway.view;

import dev.helpstream.gateway.view.TicketIndex.Update;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.kafka.PartitionFollower;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ticket state, event and SLA topics for the views, on its own thread, and hands each
 * poll's records to the views as one batch.
 *
 * <p>Input: {@code tickets.state.v1}, {@code tickets.events.v1} and {@code tickets.sla.v1}, every
 * partition, from the beginning, without a consumer group (every gateway instance holds a full
 * replica), read committed (routing-stream writes an event and its snapshot in one transaction).
 * Output: batches of {@link Update}s in the order read; records of one ticket keep their order
 * within each topic, not across them. A record that cannot be decoded is logged, reported and skipped. If the batch handler
 * fails, reading stops for good and {@link #failure()} says why: the views would otherwise go
 * silently stale. The reading itself is a {@link PartitionFollower}.
 */
final class TicketTopicReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TicketTopicReader.class);

    /** What the reader feeds, on its thread. */
    interface BatchHandler {

        /** Applies one batch; {@code live} is false while the history found at start is replayed. */
        void apply(List<Update> batch, boolean live) throws Exception;

        /** The history found at start is applied; startup waits for this to return. */
        void caughtUp() throws Exception;
    }

    private final String stateTopic;
    private final String eventsTopic;
    private final String slaTopic;
    private final BatchHandler handler;
    private final Consumer<String> onSkipped;
    private final Deserializer<Ticket> tickets = Topics.STATE.valueSerde().deserializer();
    private final Deserializer<TicketEvent> events = Topics.EVENTS.valueSerde().deserializer();
    private final Deserializer<SlaEvent> slaEvents = Topics.SLA.valueSerde().deserializer();
    private final PartitionFollower<String, byte[]> follower;

    /**
     * @param onSkipped told the reason of every record skipped (for a metric)
     */
    TicketTopicReader(
            String bootstrapServers,
            String clientId,
            String stateTopic,
            String eventsTopic,
            String slaTopic,
            int maxPollRecords,
            BatchHandler handler,
            Consumer<String> onSkipped) {
        this.stateTopic = stateTopic;
        this.eventsTopic = eventsTopic;
        this.slaTopic = slaTopic;
        this.handler = handler;
        this.onSkipped = onSkipped;
        this.follower = PartitionFollower.builder(
                        bootstrapServers, clientId, new StringDeserializer(), new ByteArrayDeserializer())
                .topics(stateTopic, eventsTopic, slaTopic)
                .from(PartitionFollower.StartPosition.BEGINNING)
                .property(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords)
                .onCaughtUp(handler::caughtUp)
                .failureConsequence("the ticket views no longer change")
                .build(this::apply);
    }

    /**
     * Starts reading and waits until both topics are read to the end offsets found at start.
     *
     * @throws IllegalStateException when that takes longer than {@code catchUpTimeout} or reading
     *     fails first
     */
    void start(Duration catchUpTimeout) {
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        follower.start(catchUpTimeout);
        boolean caughtUp;
        try {
            caughtUp = follower.awaitCaughtUp(Duration.ofNanos(deadline - System.nanoTime()));
        } catch (IllegalStateException e) {
            throw new IllegalStateException("The ticket views stopped before catching up", e.getCause());
        }
        if (!caughtUp) {
            throw new IllegalStateException("Could not read " + stateTopic + ", " + eventsTopic + " and "
                    + slaTopic + " to their end within " + catchUpTimeout + " (" + recordsRead()
                    + " records read; raise helpstream.views.catch-up-timeout for a large history)");
        }
    }

    boolean caughtUp() {
        return follower.caughtUp();
    }

    boolean isRunning() {
        return follower.isRunning();
    }

    /** Why reading stopped while it should have been running; null otherwise. */
    Throwable failure() {
        return follower.failure().orElse(null);
    }

    long recordsRead() {
        return follower.recordsRead();
    }

    @Override
    public void close() {
        follower.close();
    }

    /** On the follower's thread, so "caught up" cannot change during a batch. */
    private void apply(ConsumerRecords<String, byte[]> records) throws Exception {
        handler.apply(decode(records), follower.caughtUp());
    }

    private List<Update> decode(ConsumerRecords<String, byte[]> records) {
        List<Update> batch = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() == null) {
                skip(record, "no key");
                continue;
            }
            try {
                if (record.topic().equals(stateTopic)) {
                    batch.add(Update.state(record.key(), tickets.deserialize(record.topic(), record.value())));
                } else if (record.value() == null) {
                    skip(record, "no value");
                } else if (record.topic().equals(slaTopic)) {
                    batch.add(Update.sla(
                            record.key(), slaEvents.deserialize(record.topic(), record.value()), record.offset()));
                } else {
                    batch.add(Update.event(events.deserialize(record.topic(), record.value())));
                }
            } catch (RuntimeException e) {
                skip(record, e.getMessage());
            }
        }
        return batch;
    }

    private void skip(ConsumerRecord<String, byte[]> record, String reason) {
        onSkipped.accept(reason);
        log.warn(
                "Skipped {}-{}@{} (key {}): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                reason);
    }
}
