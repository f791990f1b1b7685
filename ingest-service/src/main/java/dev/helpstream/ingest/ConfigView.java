package dev.helpstream.ingest;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.topic.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A live, in-memory copy of the configuration on {@code helpdesk.config.v1}.
 *
 * <p>Input: {@code helpdesk.config.v1}, every partition, from the beginning, without a consumer
 * group (each instance needs all of it). Output: none; {@link #snapshot()} for the request path.
 * Invariant: the snapshot holds the latest value of every key read so far, a tombstone removes its
 * key, and it is replaced as a whole after each poll, so readers never see a half-applied batch.
 * A record that cannot be decoded is logged, counted ({@code helpstream.ingest.config.skipped})
 * and skipped, keeping the key's previous value: the ingest service writes nothing but inbound
 * messages, so no dead letter is written for it.
 *
 * <p>Startup waits (up to {@code helpstream.kafka.config-catch-up-timeout}) until the topic is read
 * to the end offsets found at start, before the web server opens: otherwise the first requests
 * would see no API keys and default settings. Later changes apply within one poll, no restart.
 */
@Component
class ConfigView implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigView.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final IngestProperties properties;
    private final Counter skipped;
    private final Deserializer<ConfigEntity> values = Topics.CONFIG.valueSerde().deserializer();
    private final Map<String, ConfigEntity> entities = new HashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong recordsRead = new AtomicLong();
    private volatile ConfigSnapshot snapshot = ConfigSnapshot.EMPTY;
    private volatile Instant lastChange;
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    ConfigView(IngestProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.skipped = Counter.builder("helpstream.ingest.config.skipped")
                .description("Config records that could not be decoded and were skipped")
                .register(meters);
    }

    /** The configuration as last read. */
    ConfigSnapshot snapshot() {
        return snapshot;
    }

    /** Whether the topic has been read to the end offsets found at startup. */
    boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    long recordsRead() {
        return recordsRead.get();
    }

    /** When the newest config record applied was written, or null before the first. */
    Instant lastChange() {
        return lastChange;
    }

    @Override
    public void start() {
        running = true;
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        properties.kafka().bootstrapServers(),
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "ingest-service-config",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest",
                        // The demo configuration is written in one transaction: never apply half of one.
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        reader = new Thread(this::read, "ingest-config-reader");
        reader.setDaemon(true);
        reader.start();
        Duration timeout = properties.kafka().configCatchUpTimeout();
        try {
            if (!caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "Could not read " + Topics.CONFIG.name() + " to its end within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading " + Topics.CONFIG.name(), e);
        }
        log.info(
                "Read {} config records; {} API keys, {} departments, {} services, settings {}",
                recordsRead(),
                snapshot.apiKeysByHash().size(),
                snapshot.departments().size(),
                snapshot.services().size(),
                snapshot.settings().isPresent() ? "saved" : "default");
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        try {
            if (reader != null && !stopped.await(10, TimeUnit.SECONDS)) {
                log.warn("The config reader did not stop within 10s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Before the web server (which starts late in the default phase) so that no request is
        // served with an empty configuration.
        return 0;
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
                if (!caughtUp()
                        && endAtStart.entrySet().stream()
                                .allMatch(end -> kafka.position(end.getKey()) >= end.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("The config reader was woken up while running", e);
            }
        } catch (RuntimeException e) {
            log.error("The config reader stopped; configuration changes no longer apply", e);
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
        snapshot = ConfigSnapshot.of(List.copyOf(entities.values()));
        lastChange = Instant.ofEpochMilli(records.iterator().next().timestamp());
    }

    private void skip(ConsumerRecord<String, byte[]> record, String reason) {
        skipped.increment();
        log.warn(
                "Skipped config record {}-{}@{} (key {}): {}",
                record.topic(),
                record.partition(),
                record.offset(),
                record.key(),
                reason);
    }
}
