package dev.helpstream.bench.verify;

import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches what the pipeline writes while the benchmark runs, as an integrator would: {@code
 * tickets.events.v1} (every {@code TicketOpened}) and {@code tickets.sla.v1} (the first {@code
 * TARGETS_SET} of each ticket), read committed, without a consumer group, from the end offsets at
 * its start. It also takes the end offsets of every dead-letter topic at its start and at {@link
 * #deadLetters()}, so that any dead letter written during the run is seen.
 */
public final class PipelineWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PipelineWatcher.class);

    private static final List<Topic<?, ?>> DEAD_LETTERS = List.of(
            Topics.INGEST_DLQ,
            Topics.ROUTING_DLQ,
            Topics.SLA_DLQ,
            Topics.NOTIFIER_DLQ,
            Topics.GATEWAY_DLQ,
            Topics.NOTIFICATION_DEAD_LETTERS);

    private final Ledger ledger;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> deadLettersAtStart;
    private final String bootstrapServers;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public PipelineWatcher(String bootstrapServers, Ledger ledger) {
        this.bootstrapServers = bootstrapServers;
        this.ledger = ledger;
        this.consumer = new KafkaConsumer<>(properties(bootstrapServers));
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic<?, ?> topic : List.of(Topics.EVENTS, Topics.SLA)) {
            consumer.partitionsFor(topic.name())
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.deadLettersAtStart = deadLetterEnds();
        this.thread = new Thread(this::run, "bench-pipeline-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private static Properties properties(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return properties;
    }

    private void run() {
        Deserializer<TicketEvent> events = Topics.EVENTS.valueSerde().deserializer();
        Deserializer<SlaEvent> sla = Topics.SLA.valueSerde().deserializer();
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.nanoTime();
                    if (record.topic().equals(Topics.EVENTS.name())) {
                        TicketEvent event = events.deserialize(record.topic(), record.value());
                        if (event.getPayload() instanceof TicketOpened opened) {
                            ledger.opened(
                                    event.getTicketId(), opened.getCustomer().getEmail(), now);
                        }
                    } else {
                        SlaEvent event = sla.deserialize(record.topic(), record.value());
                        if (event.getKind() == SlaEventKind.TARGETS_SET) {
                            ledger.slaTargetsSet(event.getTicketId(), now);
                        }
                    }
                }
            }
        } catch (WakeupException closing) {
            // close() woke the poll
        } catch (RuntimeException e) {
            log.error("The pipeline watcher stopped", e);
            failure = e;
        } finally {
            consumer.close();
        }
    }

    /** Dead letters written since the watcher started, per topic (only the topics that got some). */
    public Map<String, Long> deadLetters() {
        Map<String, Long> written = new HashMap<>();
        deadLetterEnds().forEach((partition, end) -> {
            long delta = end - deadLettersAtStart.getOrDefault(partition, 0L);
            if (delta > 0) {
                written.merge(partition.topic(), delta, Long::sum);
            }
        });
        return written;
    }

    private Map<TopicPartition, Long> deadLetterEnds() {
        Properties properties = properties(bootstrapServers);
        // Every record counts here, aborted ones included: a dead letter is a dead letter.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> ends = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic<?, ?> topic : DEAD_LETTERS) {
                ends.partitionsFor(topic.name())
                        .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            return ends.endOffsets(partitions);
        }
    }

    /** Why the watcher stopped early, if it did: the run cannot be verified then. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
