package dev.helpstream.support.config;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.kafka.PartitionFollower;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
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
 * the skip listener and skipped, keeping the key's previous value. The reading itself is a {@link
 * PartitionFollower}.
 */
public final class ConfigTopicReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigTopicReader.class);

    private final Consumer<String> onSkipped;
    private final Deserializer<ConfigEntity> values = Topics.CONFIG.valueSerde().deserializer();
    private final Map<String, ConfigEntity> entities = new HashMap<>();
    private final List<Consumer<ConfigEntities>> listeners = new CopyOnWriteArrayList<>();
    private final PartitionFollower<String, byte[]> follower;
    private volatile ConfigEntities snapshot = ConfigEntities.EMPTY;
    private volatile Instant lastChange;

    /**
     * @param bootstrapServers the cluster
     * @param clientId the consumer's client id, named for the service
     * @param onSkipped told the reason of every record skipped (for a metric)
     */
    public ConfigTopicReader(String bootstrapServers, String clientId, Consumer<String> onSkipped) {
        this.onSkipped = onSkipped;
        this.follower = PartitionFollower.builder(
                        bootstrapServers, clientId, new StringDeserializer(), new ByteArrayDeserializer())
                .topics(Topics.CONFIG.name())
                .from(PartitionFollower.StartPosition.BEGINNING)
                .failureConsequence("configuration changes no longer apply")
                .build(this::apply);
    }

    /** The configuration as last read. */
    public ConfigEntities snapshot() {
        return snapshot;
    }

    /** Whether the topic has been read to the end offsets found at startup. */
    public boolean caughtUp() {
        return follower.caughtUp();
    }

    public long recordsRead() {
        return follower.recordsRead();
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
        return follower.awaitHandled(new TopicPartition(Topics.CONFIG.name(), partition), offset);
    }

    /** Starts reading and waits until the topic is read to the end offsets found at start. */
    public void start(Duration catchUpTimeout) {
        long deadline = System.nanoTime() + catchUpTimeout.toNanos();
        follower.start(catchUpTimeout);
        if (!follower.awaitCaughtUp(Duration.ofNanos(deadline - System.nanoTime()))) {
            throw new IllegalStateException(
                    "Could not read " + Topics.CONFIG.name() + " to its end within " + catchUpTimeout);
        }
    }

    public boolean isRunning() {
        return follower.isRunning();
    }

    @Override
    public void close() {
        follower.close();
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        for (ConsumerRecord<String, byte[]> record : records) {
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
}
