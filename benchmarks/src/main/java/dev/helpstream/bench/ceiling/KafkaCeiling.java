package dev.helpstream.bench.ceiling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The raw Kafka ceiling of this machine: what plain Kafka clients reach against the same broker
 * the pipeline runs on, so that the pipeline's figures can be read as a fraction of it.
 *
 * <p>Two fresh topics, {@code bench.ceiling.<8 hex>.in} and {@code .out}, with the partitions
 * asked for and the broker's default replication factor, are created for each measurement and
 * deleted after it. First {@link ProducerPhase} writes the records to {@code in} (one idempotent
 * producer, {@code acks=all}, client defaults otherwise); then {@link PassThroughPhase} copies them
 * to {@code out} with an {@code exactly_once_v2} Kafka Streams application (one thread, defaults
 * otherwise). Rates are records divided by each phase's wall-clock time ({@link System#nanoTime}).
 * Invariants: a result is returned only when every record was acknowledged and exactly as many
 * reached {@code out} committed; otherwise it throws and the benchmark fails. The topics, the
 * application's consumer group and its local state are removed whatever the outcome.
 */
public final class KafkaCeiling {

    private static final Logger log = LoggerFactory.getLogger(KafkaCeiling.class);

    /** The prefix of every topic this class creates (and deletes). */
    public static final String TOPIC_PREFIX = "bench.ceiling.";

    private static final long ADMIN_TIMEOUT_SECONDS = 30;

    private KafkaCeiling() {}

    /**
     * Measures the ceiling.
     *
     * @param bootstrapServers the cluster to measure, e.g. the all-in-one's embedded broker
     * @param records how many records each phase moves (at least 1)
     * @param recordBytes the size of each record value in bytes (at least 1)
     * @param partitions partitions of each topic (at least 1)
     * @param stateDirectory the folder under which the Kafka Streams application keeps its state
     * @param timeout how long the pass-through may take to deliver every record; the producer phase
     *     is bounded by the producer's own {@code delivery.timeout.ms}
     * @throws IllegalStateException when a record is not acknowledged, the pass-through fails or
     *     times out, or it delivers a different count
     */
    public static CeilingResult measure(
            String bootstrapServers,
            int records,
            int recordBytes,
            int partitions,
            Path stateDirectory,
            Duration timeout) {
        requirePositive(records, "records");
        requirePositive(recordBytes, "recordBytes");
        requirePositive(partitions, "partitions");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        String run = UUID.randomUUID().toString().substring(0, 8);
        String in = TOPIC_PREFIX + run + ".in";
        String out = TOPIC_PREFIX + run + ".out";
        String applicationId = "bench-ceiling-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            await(
                    admin.createTopics(List.of(topic(in, partitions), topic(out, partitions)))
                            .all(),
                    "create " + in + " and " + out);
            try {
                log.info("Kafka ceiling: {} records of {} bytes over {} partitions", records, recordBytes, partitions);
                long produced = ProducerPhase.run(bootstrapServers, in, records, recordBytes);
                long passed = PassThroughPhase.run(
                        bootstrapServers, applicationId, in, out, records, stateDirectory, timeout);
                CeilingResult result = new CeilingResult(
                        records,
                        recordBytes,
                        perSecond(records, produced),
                        perSecond((double) records * recordBytes / 1_000_000, produced),
                        perSecond(records, passed));
                log.info(
                        "Kafka ceiling: producer {} records/s ({} MB/s), EOS pass-through {} records/s",
                        Math.round(result.producerRecordsPerSecond()),
                        Math.round(result.producerMegabytesPerSecond()),
                        Math.round(result.eosPassThroughRecordsPerSecond()));
                return result;
            } finally {
                cleanUp(admin, applicationId, in, out);
            }
        }
    }

    private static NewTopic topic(String name, int partitions) {
        // No replication factor: the broker's default, which fits one node as well as three.
        return new NewTopic(name, Optional.of(partitions), Optional.empty());
    }

    /** Best effort: a failure here must not hide the measurement's own outcome. */
    private static void cleanUp(Admin admin, String applicationId, String in, String out) {
        try {
            await(admin.deleteConsumerGroups(List.of(applicationId)).all(), "delete the group " + applicationId);
        } catch (RuntimeException e) {
            log.warn("Could not delete the consumer group {}: {}", applicationId, e.getMessage());
        }
        try {
            await(admin.deleteTopics(List.of(in, out)).all(), "delete " + in + " and " + out);
        } catch (RuntimeException e) {
            log.warn("Could not delete the ceiling topics {} and {}: {}", in, out, e.getMessage());
        }
    }

    private static void await(KafkaFuture<Void> future, String what) {
        try {
            future.get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + " within " + ADMIN_TIMEOUT_SECONDS + " s", e);
        }
    }

    private static double perSecond(double amount, long nanos) {
        return amount * 1_000_000_000.0 / nanos;
    }

    private static void requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }
}
