package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.topic.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * Which deliveries reached their outcome (DELIVERED or DEAD_LETTERED), read back from the delivery
 * log {@code notifications.deliveries.v1}, so that a delivery is never sent again after a restart
 * or a rebalance.
 *
 * <p>The log is keyed like the deliveries and written to the same partition number as the delivery
 * it reports on, so partition p of a delivery topic needs partition p of the log (all of it when the
 * partition counts differ). When a listener is assigned partitions, the matching log partitions are
 * read up to their end before the first record is processed: from the records of the last {@code
 * lookback} (found by timestamp) the first time, then from where the previous read stopped. The
 * listeners also call {@link #ensureCaughtUp(TopicPartition)} before each record, which catches up
 * a partition whose read failed at assignment. This instance's own outcomes are added as they are
 * written. Outcomes older than the lookback are forgotten. That is safe because the lookback is at
 * least {@code maxAge} (checked at startup) and a delivery older than {@code maxAge} is never sent
 * (the listener skips it as stale): the outcome of any delivery still worth sending is younger than
 * the delivery, so within the lookback. The delivery topics themselves may keep a record longer
 * (7 days of retention plus an unrolled segment).
 */
final class DeliveryLedger implements ConsumerAwareRebalanceListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLedger.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final Supplier<Consumer<byte[], byte[]>> readers;
    private final Duration lookback;
    private final Duration readTimeout;
    private final Clock clock;
    private final Deserializer<DeliveryRecord> records =
            Topics.DELIVERY_LOG.valueSerde().deserializer();
    private final String logTopic = Topics.DELIVERY_LOG.name();

    /** Finished deliveryId → when its outcome was written (epoch millis). */
    private final ConcurrentMap<String, Long> finished = new ConcurrentHashMap<>();
    /** Delivery-topic partitions whose log partitions were read since they were assigned. */
    private final Set<TopicPartition> caughtUp = ConcurrentHashMap.newKeySet();

    private final Object lock = new Object();
    /** Log partition → next offset to read; guarded by {@link #lock}. */
    private final Map<Integer, Long> nextOffsets = new HashMap<>();
    /** Guarded by {@link #lock}; created on first use. */
    private Consumer<byte[], byte[]> reader;

    /**
     * @param readers creates the consumer that reads the log (no group, read_committed)
     * @param lookback how far back the first read of a log partition starts
     * @param readTimeout how long one catch-up may take before it fails
     * @param clock the time the lookback counts back from
     */
    DeliveryLedger(Supplier<Consumer<byte[], byte[]>> readers, Duration lookback, Duration readTimeout, Clock clock) {
        this.readers = readers;
        this.lookback = lookback;
        this.readTimeout = readTimeout;
        this.clock = clock;
    }

    /** Whether the delivery reached its outcome already (here or in any instance that wrote the log). */
    boolean isFinished(String deliveryId) {
        return finished.containsKey(deliveryId);
    }

    /** Records an outcome this instance wrote (or is about to write) to the log. */
    void markFinished(String deliveryId, long atMillis) {
        finished.put(deliveryId, atMillis);
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        try {
            catchUp(partitions);
        } catch (RuntimeException e) {
            // The listener catches up before the first record of each partition; nothing is sent blind.
            log.warn(
                    "Could not read the delivery log for {} at assignment, will retry before the first record: {}",
                    partitions,
                    e.toString());
        }
    }

    @Override
    public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        caughtUp.removeAll(partitions);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        caughtUp.removeAll(partitions);
    }

    /** Reads the log partitions of {@code partition} if that was not done since it was assigned. */
    void ensureCaughtUp(TopicPartition partition) {
        if (!caughtUp.contains(partition)) {
            catchUp(List.of(partition));
        }
    }

    /**
     * Reads the log partitions that hold the outcomes of the given delivery-topic partitions to
     * their end.
     *
     * @throws IllegalStateException when the log cannot be read to its end in time
     */
    void catchUp(Collection<TopicPartition> deliveryPartitions) {
        synchronized (lock) {
            Consumer<byte[], byte[]> consumer = reader();
            int logPartitions = partitionCount(consumer, logTopic);
            Set<Integer> wanted = new TreeSet<>();
            for (TopicPartition partition : deliveryPartitions) {
                if (partitionCount(consumer, partition.topic()) == logPartitions) {
                    wanted.add(partition.partition());
                } else {
                    for (int p = 0; p < logPartitions; p++) {
                        wanted.add(p);
                    }
                }
            }
            long read = read(consumer, wanted);
            caughtUp.addAll(deliveryPartitions);
            forgetOlderThanLookback();
            log.debug("Delivery log partitions {} read ({} records) for {}", wanted, read, deliveryPartitions);
        }
    }

    private long read(Consumer<byte[], byte[]> consumer, Set<Integer> logPartitions) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p : logPartitions) {
            partitions.add(new TopicPartition(logTopic, p));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, readTimeout);
        Map<TopicPartition, Long> firstReads = new HashMap<>();
        long since = clock.millis() - lookback.toMillis();
        for (TopicPartition partition : partitions) {
            if (!nextOffsets.containsKey(partition.partition())) {
                firstReads.put(partition, since);
            }
        }
        Map<TopicPartition, OffsetAndTimestamp> starts =
                firstReads.isEmpty() ? Map.of() : consumer.offsetsForTimes(firstReads, readTimeout);
        for (TopicPartition partition : partitions) {
            long start;
            if (firstReads.containsKey(partition)) {
                OffsetAndTimestamp found = starts.get(partition);
                start = found == null ? ends.get(partition) : found.offset();
            } else {
                start = nextOffsets.get(partition.partition());
            }
            consumer.seek(partition, start);
        }
        long deadline = System.nanoTime() + readTimeout.toNanos();
        long count = 0;
        while (!atEnd(consumer, partitions, ends)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The delivery log " + partitions + " could not be read to its end "
                        + ends + " within " + readTimeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                count++;
                apply(record);
            }
        }
        for (TopicPartition partition : partitions) {
            nextOffsets.put(partition.partition(), consumer.position(partition));
        }
        return count;
    }

    private static boolean atEnd(
            Consumer<byte[], byte[]> consumer, List<TopicPartition> partitions, Map<TopicPartition, Long> ends) {
        for (TopicPartition partition : partitions) {
            if (consumer.position(partition) < ends.get(partition)) {
                return false;
            }
        }
        return true;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            return;
        }
        DeliveryRecord outcome;
        try {
            outcome = records.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            log.warn(
                    "Skipping an undecodable delivery log record at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.getMessage());
            return;
        }
        if (outcome.getStatus() == DeliveryStatus.DELIVERED || outcome.getStatus() == DeliveryStatus.DEAD_LETTERED) {
            finished.merge(outcome.getDeliveryId(), outcome.getAt().toEpochMilli(), Math::max);
        }
    }

    private void forgetOlderThanLookback() {
        long cutoff = clock.millis() - lookback.toMillis();
        finished.values().removeIf(at -> at < cutoff);
    }

    private int partitionCount(Consumer<byte[], byte[]> consumer, String topic) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, readTimeout);
        if (partitions == null || partitions.isEmpty()) {
            throw new IllegalStateException("Topic " + topic + " does not exist (yet)");
        }
        return partitions.size();
    }

    private Consumer<byte[], byte[]> reader() {
        if (reader == null) {
            reader = readers.get();
        }
        return reader;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (reader != null) {
                reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                reader = null;
            }
        }
    }
}
