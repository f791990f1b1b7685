package dev.helpstream.gateway.view;

import dev.helpstream.gateway.view.TicketIndex.Update;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the ticket state and event topics for the views, on its own thread, and hands each poll's
 * records to the views as one batch.
 *
 * <p>Input: {@code tickets.state.v1} and {@code tickets.events.v1}, every partition, from the
 * beginning, without a consumer group (every gateway instance holds a full replica), read committed
 * (routing-stream writes an event and its snapshot in one transaction). Output: batches of {@link
 * Update}s in the order read; records of one ticket keep their order within each topic, not across
 * the two. A record that cannot be decoded is logged, reported and skipped. If the batch handler
 * fails, reading stops for good and {@link #failure()} says why: the views would otherwise go
 * silently stale.
 */
final class TicketTopicReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TicketTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(100);

    /** What the reader feeds, on its thread. */
    interface BatchHandler {

        /** Applies one batch; {@code live} is false while the history found at start is replayed. */
        void apply(List<Update> batch, boolean live) throws Exception;

        /** The history found at start is applied; startup waits for this to return. */
        void caughtUp() throws Exception;
    }

    private final Map<String, Object> consumerConfig;
    private final String stateTopic;
    private final String eventsTopic;
    private final BatchHandler handler;
    private final Consumer<String> onSkipped;
    private final Deserializer<Ticket> tickets = Topics.STATE.valueSerde().deserializer();
    private final Deserializer<TicketEvent> events = Topics.EVENTS.valueSerde().deserializer();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final String clientId;
    private volatile boolean running;
    private volatile Throwable failure;
    private volatile long recordsRead;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /**
     * @param onSkipped told the reason of every record skipped (for a metric)
     */
    TicketTopicReader(
            String bootstrapServers,
            String clientId,
            String stateTopic,
            String eventsTopic,
            int maxPollRecords,
            BatchHandler handler,
            Consumer<String> onSkipped) {
        this.clientId = clientId;
        this.stateTopic = stateTopic;
        this.eventsTopic = eventsTopic;
        this.handler = handler;
        this.onSkipped = onSkipped;
        this.consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG,
                clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                maxPollRecords);
    }

    /**
     * Starts reading and waits until both topics are read to the end offsets found at start.
     *
     * @throws IllegalStateException when that takes longer than {@code catchUpTimeout} or reading
     *     fails first
     */
    void start(Duration catchUpTimeout) {
        running = true;
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::read, clientId + "-reader");
        thread.setDaemon(true);
        thread.start();
        try {
            caughtUp.get(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not read " + stateTopic + " and " + eventsTopic
                    + " to their end within " + catchUpTimeout + " (" + recordsRead
                    + " records read; raise helpstream.views.catch-up-timeout for a large history)");
        } catch (ExecutionException e) {
            throw new IllegalStateException("The ticket views stopped before catching up", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the ticket views caught up", e);
        }
    }

    boolean caughtUp() {
        return caughtUp.isDone() && !caughtUp.isCompletedExceptionally();
    }

    boolean isRunning() {
        return running;
    }

    /** Why reading stopped while it should have been running; null otherwise. */
    Throwable failure() {
        return failure;
    }

    long recordsRead() {
        return recordsRead;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            if (thread != null && !stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("The views reader {} did not stop within 10s", clientId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void read() {
        try (KafkaConsumer<String, byte[]> kafka = consumer) {
            List<TopicPartition> partitions = new ArrayList<>(partitions(kafka, stateTopic));
            partitions.addAll(partitions(kafka, eventsTopic));
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = kafka.endOffsets(partitions);
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                if (!records.isEmpty()) {
                    recordsRead += records.count();
                    handler.apply(decode(records), caughtUp());
                }
                if (!caughtUp.isDone()
                        && endAtStart.entrySet().stream()
                                .allMatch(end -> kafka.position(end.getKey()) >= end.getValue())) {
                    handler.caughtUp();
                    caughtUp.complete(null);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                fail(e);
            }
        } catch (Exception e) {
            fail(e);
        } finally {
            running = false;
            caughtUp.completeExceptionally(new IllegalStateException("the views reader stopped"));
            stopped.countDown();
        }
    }

    private void fail(Exception e) {
        failure = e;
        log.error("The views reader {} stopped; the ticket views no longer change", clientId, e);
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> kafka, String topic) {
        List<TopicPartition> partitions = kafka.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        if (partitions.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist");
        }
        return partitions;
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
