package dev.helpstream.gateway;

import dev.helpstream.gateway.DemoConfiguration.Outcome;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a set of config entities into a topic only if that topic holds no committed record, all
 * of them in one transaction. Input: the topic read from the beginning to its end ({@code
 * read_committed}, assigned partitions, no consumer group). Output: either nothing, or every entity
 * of the set, in the given order, committed together.
 *
 * <p>Invariants: an admin's change is never overwritten (any committed record, a tombstone
 * included, means "configured"); a crash never leaves half a set (readers that read committed see
 * all or none); two instances starting together write the set at most once: {@code
 * initTransactions} with the shared transactional id fences the other instance and completes its
 * open transaction <em>before</em> the topic is read, so the check and the write cannot interleave
 * with another seeder's.
 */
class DemoSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final String transactionalId;
    private final Duration timeout;

    /**
     * @param topic {@code helpdesk.config.v1} in the application; a fresh topic in tests
     * @param transactionalId shared by every instance that may seed {@code topic}
     * @param timeout bound of each step (initialising the transaction, reading, committing)
     */
    DemoSeeder(String bootstrapServers, String topic, String transactionalId, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.transactionalId = transactionalId;
        this.timeout = timeout;
    }

    /** What a seeding did. */
    record Result(Outcome outcome, long recordsFound, int recordsWritten) {}

    /**
     * Writes {@code entities} if the topic holds no committed record.
     *
     * @throws IllegalStateException when Kafka does not answer in time or refuses the transaction
     */
    Result seedIfEmpty(Supplier<List<ConfigEntity>> entities) {
        try (Producer<String, ConfigEntity> producer = producer()) {
            producer.initTransactions();
            long found = committedRecords();
            if (found > 0) {
                return new Result(Outcome.KEPT_EXISTING, found, 0);
            }
            List<ConfigEntity> set = entities.get();
            try {
                producer.beginTransaction();
                for (ConfigEntity entity : set) {
                    producer.send(new ProducerRecord<>(topic, ConfigWriter.keyOf(entity), entity));
                }
                producer.commitTransaction();
            } catch (ProducerFencedException e) {
                throw e;
            } catch (RuntimeException e) {
                abort(producer);
                throw new IllegalStateException("Could not write the demo configuration to " + topic, e);
            }
            return new Result(Outcome.SEEDED, 0, set.size());
        } catch (ProducerFencedException e) {
            // Another instance started seeding after us and fenced our transaction: it decides.
            log.info("Another instance took over seeding {} ({})", topic, e.getMessage());
            return new Result(Outcome.TAKEN_OVER, 0, 0);
        } catch (KafkaException e) {
            throw new IllegalStateException("Could not check or seed " + topic + ": " + e.getMessage(), e);
        }
    }

    /** How many committed records the topic holds, read from the beginning to its end. */
    private long committedRecords() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-demo-check");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("Topic " + topic + " does not exist");
            }
            List<TopicPartition> partitions = infos.stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed these are the last stable offsets: an open transaction's records
            // are neither counted nor waited past.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            long count = 0;
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Could not read " + topic + " to its end within " + timeout);
                }
                count += consumer.poll(POLL).count();
            }
            return count;
        }
    }

    private Producer<String, ConfigEntity> producer() {
        int millis = (int) timeout.toMillis();
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "api-gateway-demo",
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        transactionalId,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (long) millis,
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        millis),
                Topics.CONFIG.keySerde().serializer(),
                Topics.CONFIG.valueSerde().serializer());
    }

    private void abort(Producer<String, ConfigEntity> producer) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            // The coordinator aborts it after transaction.timeout.ms, or the next initTransactions does.
            log.warn("Could not abort the demo transaction on {}: {}", topic, e.getMessage());
        }
    }
}
