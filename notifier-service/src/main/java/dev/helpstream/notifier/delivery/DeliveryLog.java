package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.DeadLetter;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes what the deliverers did: the delivery log {@code notifications.deliveries.v1} (one {@link
 * DeliveryRecord} per attempt outcome), the dead letters {@code notifications.deadletter.v1} and the
 * poison records {@code notifier.dlq.v1}.
 *
 * <p>Outcomes (DELIVERED, DEAD_LETTERED) and dead letters are written synchronously (idempotent
 * producer, acks=all, waiting for the acknowledgement) before the listener returns and its offset is
 * committed, so a committed offset always has its outcome in the log. A delivery log record goes to
 * the partition number of the delivery record it reports on (when the partition counts agree), which
 * is where {@link DeliveryLedger} looks for it.
 *
 * <p>If a DELIVERED record cannot be written (the cluster is away), the delivery is still marked
 * finished in the ledger, so this instance never sends it again, and the record is kept and written
 * when the listener sees the delivery again.
 */
final class DeliveryLog {

    private static final Logger log = LoggerFactory.getLogger(DeliveryLog.class);

    private final Producer<byte[], byte[]> producer;
    private final DeliveryLedger ledger;
    private final Duration timeout;
    private final Serializer<DeliveryRecord> records =
            Topics.DELIVERY_LOG.valueSerde().serializer();
    private final Serializer<DeadLetter> deadLetters =
            Topics.NOTIFICATION_DEAD_LETTERS.valueSerde().serializer();
    private final Map<String, ProducerRecord<byte[], byte[]>> unwritten = new ConcurrentHashMap<>();

    DeliveryLog(Producer<byte[], byte[]> producer, DeliveryLedger ledger, Duration timeout) {
        this.producer = producer;
        this.ledger = ledger;
        this.timeout = timeout;
    }

    /**
     * Records a delivery that succeeded; returns once the record is acknowledged.
     *
     * @param key the delivery record's key
     * @param partition the delivery record's partition
     * @param deliveryTopic the delivery record's topic
     * @throws DeliveryLogUnavailableException when the record could not be written; it is kept and
     *     written by {@link #writeKept(String)}
     */
    void delivered(String deliveryTopic, int partition, String key, DeliveryRecord outcome) {
        ProducerRecord<byte[], byte[]> record = logRecord(deliveryTopic, partition, key, outcome);
        ledger.markFinished(outcome.getDeliveryId(), outcome.getAt().toEpochMilli());
        try {
            write(record);
        } catch (DeliveryLogUnavailableException e) {
            unwritten.put(outcome.getDeliveryId(), record);
            throw e;
        }
    }

    /**
     * Writes the DELIVERED record of a delivery that could not be written before.
     *
     * @return false when none was kept for this delivery
     */
    boolean writeKept(String deliveryId) {
        ProducerRecord<byte[], byte[]> record = unwritten.get(deliveryId);
        if (record == null) {
            return false;
        }
        write(record);
        unwritten.remove(deliveryId);
        return true;
    }

    /** Records a failed attempt that will be retried; a failure to write it is logged, not thrown. */
    void retrying(String deliveryTopic, int partition, String key, DeliveryRecord outcome) {
        bestEffort(deliveryTopic, partition, key, outcome);
    }

    /** Records a delivery that was not attempted because it had reached its outcome already. */
    void skipped(String deliveryTopic, int partition, String key, DeliveryRecord outcome) {
        bestEffort(deliveryTopic, partition, key, outcome);
    }

    /**
     * Writes the dead letter of a delivery (keyed by its event id) and its DEAD_LETTERED record, and
     * returns once both are acknowledged.
     */
    void deadLettered(
            String deliveryTopic,
            int partition,
            long offset,
            String key,
            DeadLetter deadLetter,
            DeliveryRecord outcome) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(
                Topics.NOTIFICATION_DEAD_LETTERS.name(),
                null,
                bytes(deadLetter.getEventId()),
                deadLetters.serialize(Topics.NOTIFICATION_DEAD_LETTERS.name(), deadLetter),
                List.<Header>of(
                        header("helpstream.delivery.id", deadLetter.getDeadLetterId()),
                        header("helpstream.delivery.topic", deliveryTopic),
                        header("helpstream.delivery.partition", Integer.toString(partition)),
                        header("helpstream.delivery.offset", Long.toString(offset))));
        write(letter);
        write(logRecord(deliveryTopic, partition, key, outcome));
        ledger.markFinished(outcome.getDeliveryId(), outcome.getAt().toEpochMilli());
    }

    /** Writes a poison record to {@code notifier.dlq.v1} and returns once it is acknowledged. */
    void poison(ProducerRecord<byte[], byte[]> record) {
        write(record);
    }

    private void bestEffort(String deliveryTopic, int partition, String key, DeliveryRecord outcome) {
        try {
            write(logRecord(deliveryTopic, partition, key, outcome));
        } catch (DeliveryLogUnavailableException e) {
            log.warn(
                    "Could not write the {} record of delivery {}: {}",
                    outcome.getStatus(),
                    outcome.getDeliveryId(),
                    e.getMessage());
        }
    }

    private ProducerRecord<byte[], byte[]> logRecord(
            String deliveryTopic, int partition, String key, DeliveryRecord outcome) {
        return new ProducerRecord<>(
                Topics.DELIVERY_LOG.name(),
                samePartition(deliveryTopic, partition),
                bytes(key),
                records.serialize(Topics.DELIVERY_LOG.name(), outcome));
    }

    /** The delivery's partition number when the log has as many partitions; else the key decides. */
    private Integer samePartition(String deliveryTopic, int partition) {
        List<PartitionInfo> log = producer.partitionsFor(Topics.DELIVERY_LOG.name());
        List<PartitionInfo> deliveries = producer.partitionsFor(deliveryTopic);
        return log.size() == deliveries.size() ? partition : null;
    }

    private void write(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryLogUnavailableException("Interrupted while writing to " + record.topic(), e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new DeliveryLogUnavailableException("Could not write to " + record.topic() + ": " + cause, cause);
        }
    }

    /** Closes the producer, waiting a bounded time for what it still sends. */
    void close() {
        producer.close(timeout);
    }

    static DeliveryRecord.Builder outcome(DeliveryInfo info, DeliveryStatus status, int attempt, Instant at) {
        return DeliveryRecord.newBuilder()
                .setDeliveryId(info.deliveryId())
                .setEventId(info.eventId())
                .setEventType(info.eventType())
                .setTicketId(info.ticketId())
                .setChannel(info.channel())
                .setTarget(info.target())
                .setTargetId(info.targetId())
                .setStatus(status)
                .setAttempt(attempt)
                .setAt(at);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, bytes(value));
    }

    private static byte[] bytes(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** The delivery log or a dead-letter topic could not be written: the cluster is away. */
    static final class DeliveryLogUnavailableException extends RuntimeException {
        DeliveryLogUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
