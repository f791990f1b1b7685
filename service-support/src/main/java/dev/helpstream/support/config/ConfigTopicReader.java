package dev.helpstream.support.config;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live, in-memory copy of the configuration on {@code helpdesk.config.v1}, for services that
 * answer requests with it.
 *
 * <p>Input: {@code helpdesk.config.v1}, every partition, from the beginning, without a consumer
 * group (each instance needs all of it), read committed (the demo configuration is one
 * transaction: never apply half of one). Invariant: the snapshot holds the latest value of every
 * key read so far, a tombstone removes its key, and it is replaced as a whole after each poll, so
 * readers never see a half-applied batch. A record that cannot be decoded is logged, reported to
 * the skip listener and skipped, keeping the key's previous value.
 */
public final class ConfigTopicReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigTopicReader.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final String clientId;
    private final Consumer<String> onSkipped;
    private final Deserializer<ConfigEntity> values = Topics.CONFIG.valueSerde().deserializer();
    private final Map<String, ConfigEntity> entities = new HashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong recordsRead = new AtomicLong();
    private final List<Consumer<ConfigEntities>> listeners = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final List<PositionWaiter> waiters = new CopyOnWriteArrayList<>();
    private volatile ConfigEntities snapshot = ConfigEntities.EMPTY;
    private volatile Instant lastChange;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    /**
     * @param bootstrapServers the cluster
     * @param clientId the consumer's client id, named for the service
     * @param onSkipped told the reason of every record skipped (for a metric)
     */
    public ConfigTopicReader(String bootstrapServers, String clientId, Consumer<String> onSkipped) {
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
        this.onSkipped = onSkipped;
    }

    /** The configuration as last read. */
    public ConfigEntities snapshot() {
        return snapshot;
    }

    /** Whether the topic has been read to the end offsets found at startup. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    public long recordsRead() {
        return recordsRead.get();
    }

    /** When the newest config record applied was written, or null before the first. */
    public Instant lastChange() {
        return lastChange;
    }

    /** Called with each new snapshot, on the reader thread; keep it short. */
    public void addListener(Consumer<ConfigEntities> listener) {
        listeners.add(listener);
    }

    /**
     * Completes once the record at this offset of this partition has been applied to the snapshot:
     * read-your-writes for whoever wrote it.
     */
    public CompletableFuture<Void> awaitApplied(int partition, long offset) {
        TopicPartition topicPartition = new TopicPartition(Topics.CONFIG.name(), partition);
        PositionWaiter waiter = new PositionWaiter(topicPartition, offset, new CompletableFuture<>());
        waiters.add(waiter);
        completeWaiters();
        return waiter.done();
    }

    /** Starts reading and waits until the topic is read to the end offsets found at start. */
    public void start(Duration catchUpTimeout) {
        running = true;
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        clientId,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        reader = new Thread(this::read, clientId + "-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!caughtUp.await(catchUpTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "Could not read " + Topics.CONFIG.name() + " to its end within " + catchUpTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading " + Topics.CONFIG.name(), e);
        }
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            if (reader != null && !stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("The config reader {} did not stop within 10s", clientId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiters.forEach(waiter -> waiter.done().completeExceptionally(new IllegalStateException("reader closed")));
    }

    private void read() {
        try (KafkaConsumer<String, byte[]> kafka = consumer) {
            List<TopicPartition> partitions = kafka.partitionsFor(Topics.CONFIG.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            kafka.assign(partitions);
            kafka.seekToBeginning(partitions);
            Map<TopicPartition, Long> endAtStart = kafka.endOffsets(partitions);
            while (running) {
                ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                if (!records.isEmpty()) {
                    apply(records);
                }
                partitions.forEach(partition -> positions.put(partition, kafka.position(partition)));
                completeWaiters();
                if (!caughtUp()
                        && endAtStart.entrySet().stream()
                                .allMatch(end -> positions.get(end.getKey()) >= end.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("The config reader {} was woken up while running", clientId, e);
            }
        } catch (RuntimeException e) {
            log.error("The config reader {} stopped; configuration changes no longer apply", clientId, e);
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
            recordsRead.incrementAndGet();
            if (record.key() == null) {
                skip(record, "no key");
                continue;
            }
            if (record.value() == null) {
                entities.remove(record.key());
                continue;
            }
            try {
                entities.put(record.key(), values.deserialize(record.topic(), record.value()));
            } catch (SerializationException e) {
                skip(record, e.getMessage());
            }
        }
        ConfigEntities next = ConfigEntities.of(List.copyOf(entities.values()));
        snapshot = next;
        lastChange = Instant.ofEpochMilli(records.iterator().next().timestamp());
        for (Consumer<ConfigEntities> listener : listeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                log.warn("A config listener failed", e);
            }
        }
    }

    private void completeWaiters() {
        for (PositionWaiter waiter : waiters) {
            Long position = positions.get(waiter.partition());
            if (position != null && position > waiter.offset()) {
                waiter.done().complete(null);
                waiters.remove(waiter);
            }
        }
    }

    private void skip(ConsumerRecord<String, byte[]> record, String reason) {
        onSkipped.accept(reason);
        log.warn(
                "Skipped config record {}-{}@{} (key {}): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                reason);
    }

    private record PositionWaiter(TopicPartition partition, long offset, CompletableFuture<Void> done) {}
}
