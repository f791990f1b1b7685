package dev.helpstream.gateway.whatif;

import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.sla.whatif.WhatIf;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Streams the ticket history of a period from the event log into a {@link WhatIf}.
 *
 * <p>Input: {@code tickets.events.v1}, every partition, read committed, from the first record at
 * or after the period's start up to the first record after its end (both by {@code
 * offsetsForTimes}; the end offsets found when the read starts when the log holds nothing later),
 * with a plain consumer of its own: no consumer group, no committed offsets, nothing written.
 * Output: the events fed to the what-if in topic order, a ticket joining with a {@code
 * TicketOpened} at or after the start.
 *
 * <p>Blocking: call it on a thread that may block (the bounded elastic scheduler). Invariants: it
 * reads at most {@code maxEvents} records of the period ({@link TooManyEvents} past that), never
 * what the log holds after it, replays at most {@code maxTickets} tickets ({@link TooManyTickets}),
 * and gives up after {@code timeout} ({@link ReadTimeout}); an
 * undecodable record is skipped and counted. Record times follow the log's order closely (routing
 * stamps its events with the time of what caused them), so a record of the period written after
 * the first one past its end is left out, as it would be from a live clock that had moved on.
 */
@Component
class TicketHistoryReader {

    private static final Logger log = LoggerFactory.getLogger(TicketHistoryReader.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final Deserializer<TicketEvent> events = Topics.EVENTS.valueSerde().deserializer();

    @Autowired
    TicketHistoryReader(@Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers) {
        this(bootstrapServers, Topics.EVENTS.name());
    }

    /** @param topic a topic of ticket events laid out as {@code tickets.events.v1} (tests) */
    TicketHistoryReader(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** What a read went through. */
    record Read(long records, long replayed, long skipped) {}

    /** How much one read may take in. */
    record Limits(long maxEvents, int maxTickets, Duration timeout) {}

    /** The period holds more ticket events than one what-if may read. */
    static final class TooManyEvents extends RuntimeException {

        TooManyEvents(long maxEvents) {
            super("more than " + maxEvents + " ticket events");
        }
    }

    /** The period opens more tickets than one what-if may replay. */
    static final class TooManyTickets extends RuntimeException {

        TooManyTickets(int maxTickets) {
            super("more than " + maxTickets + " tickets");
        }
    }

    /** The history could not be read in time. */
    static final class ReadTimeout extends RuntimeException {

        ReadTimeout(Duration timeout, Throwable cause) {
            super("the ticket history was not read within " + timeout, cause);
        }
    }

    /**
     * Feeds {@code whatIf} every ticket event recorded from {@code start} to {@code end}, both
     * included.
     *
     * @throws TooManyEvents past {@code maxEvents} records of the period
     * @throws TooManyTickets past {@code maxTickets} tickets replayed
     * @throws ReadTimeout when the read takes longer than {@code timeout}
     */
    Read read(Instant start, Instant end, WhatIf whatIf, Limits limits) {
        Duration timeout = limits.timeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config(), Topics.EVENTS.keySerde().deserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> logEnds = consumer.endOffsets(partitions, remaining(deadline, timeout));
            Map<TopicPartition, OffsetAndTimestamp> starts =
                    consumer.offsetsForTimes(at(partitions, start), remaining(deadline, timeout));
            Map<TopicPartition, OffsetAndTimestamp> afterEnd =
                    consumer.offsetsForTimes(at(partitions, end.plusMillis(1)), remaining(deadline, timeout));
            // Where each partition's period stops: its first record after the end, or the log's end.
            Map<TopicPartition, Long> stops = new HashMap<>();
            Set<TopicPartition> pending = new HashSet<>();
            for (TopicPartition partition : partitions) {
                long logEnd = logEnds.get(partition);
                OffsetAndTimestamp after = afterEnd.get(partition);
                long stop = after == null ? logEnd : Math.min(after.offset(), logEnd);
                OffsetAndTimestamp first = starts.get(partition);
                // No record at or after the start: nothing of the period in this partition.
                long from = first == null ? stop : Math.min(first.offset(), stop);
                stops.put(partition, stop);
                consumer.seek(partition, from);
                if (from < stop) {
                    pending.add(partition);
                }
            }
            consumer.pause(difference(partitions, pending));
            long records = 0;
            long replayed = 0;
            long skipped = 0;
            while (!pending.isEmpty()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new ReadTimeout(timeout, null);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= stops.get(partition)) {
                        // After the period (or written after the read began): neither read nor counted.
                        continue;
                    }
                    if (++records > limits.maxEvents()) {
                        throw new TooManyEvents(limits.maxEvents());
                    }
                    TicketEvent event = decode(record);
                    if (event == null) {
                        skipped++;
                        continue;
                    }
                    Instant at = Instant.ofEpochMilli(record.timestamp());
                    if (event.getPayload() instanceof TicketOpened && at.isBefore(start)) {
                        // Opened before the period: its later events stay out with it.
                        continue;
                    }
                    if (whatIf.accept(event, at)) {
                        replayed++;
                        if (whatIf.tickets() > limits.maxTickets()) {
                            throw new TooManyTickets(limits.maxTickets());
                        }
                    }
                }
                List<TopicPartition> done = new ArrayList<>();
                for (TopicPartition partition : pending) {
                    if (consumer.position(partition, remaining(deadline, timeout)) >= stops.get(partition)) {
                        done.add(partition);
                    }
                }
                done.forEach(pending::remove);
                consumer.pause(done);
            }
            return new Read(records, replayed, skipped);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ReadTimeout(timeout, e);
        }
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Unique: client ids name the consumer's metrics, and what-ifs may run side by side.
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-gateway-what-if-" + UUID.randomUUID());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return config;
    }

    private TicketEvent decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return null;
        }
        try {
            return events.deserialize(record.topic(), record.value());
        } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
            log.warn(
                    "What-if skips the undecodable ticket event at {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
            return null;
        }
    }

    private static Map<TopicPartition, Long> at(List<TopicPartition> partitions, Instant instant) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, instant.toEpochMilli()));
        return query;
    }

    private static Duration remaining(long deadline, Duration timeout) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new ReadTimeout(timeout, null);
        }
        return Duration.ofNanos(left);
    }

    private static List<TopicPartition> difference(List<TopicPartition> all, Set<TopicPartition> pending) {
        List<TopicPartition> rest = new ArrayList<>(all);
        rest.removeAll(pending);
        return rest;
    }
}
