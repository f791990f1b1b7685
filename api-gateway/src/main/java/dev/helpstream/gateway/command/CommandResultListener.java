package dev.helpstream.gateway.command;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Hands each command result to the request that waits for it.
 *
 * <p>Input: {@code tickets.command-results.v1}, every partition (results are keyed by correlation
 * id, so any partition may hold this instance's), read committed, from the end offsets found at
 * start: results of commands sent before this instance existed belong to nobody here. No consumer
 * group: every gateway instance reads every result and keeps those it waits for. Invariant: a
 * waiter is registered before its command is sent, so no result can arrive unseen.
 */
@Component
class CommandResultListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandResultListener.class);

    private final String bootstrapServers;
    private final Deserializer<CommandResult> values =
            Topics.COMMAND_RESULTS.valueSerde().deserializer();
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread reader;

    CommandResultListener(@Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Registers interest in the result with this correlation id; call before sending the command. */
    CompletableFuture<CommandResult> expect(String correlationId) {
        return waiting.computeIfAbsent(correlationId, id -> new CompletableFuture<>());
    }

    /** Drops a waiter that gave up (timeout, cancelled request). */
    void forget(String correlationId) {
        waiting.remove(correlationId);
    }

    int waiting() {
        return waiting.size();
    }

    @Override
    public void start() {
        running = true;
        consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.CLIENT_ID_CONFIG,
                        "api-gateway-command-results",
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false,
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed",
                        ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG,
                        50),
                new StringDeserializer(),
                new ByteArrayDeserializer());
        reader = new Thread(this::read, "gateway-command-results");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!positioned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Could not position on " + Topics.COMMAND_RESULTS.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while positioning on the command results", e);
        }
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
                log.warn("The command result reader did not stop within 10s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        waiting.values().forEach(future -> future.completeExceptionally(new IllegalStateException("gateway stopping")));
        waiting.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Before the web server accepts the first command.
        return ConfigView.PHASE;
    }

    private void read() {
        try (KafkaConsumer<String, byte[]> kafka = consumer) {
            List<TopicPartition> partitions = kafka.partitionsFor(Topics.COMMAND_RESULTS.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            kafka.assign(partitions);
            kafka.seekToEnd(partitions);
            // Resolve the lazy seek now: a command sent after start() returns gets its result.
            partitions.forEach(kafka::position);
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, byte[]> record : kafka.poll(Duration.ofMillis(200))) {
                    deliver(record);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("The command result reader was woken up while running", e);
            }
        } catch (RuntimeException e) {
            log.error("The command result reader stopped; commands will time out", e);
        } finally {
            running = false;
            stopped.countDown();
        }
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        CompletableFuture<CommandResult> waiter = waiting.remove(record.key());
        if (waiter == null) {
            return;
        }
        try {
            waiter.complete(values.deserialize(record.topic(), record.value()));
        } catch (SerializationException e) {
            log.warn("Undecodable command result {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            waiter.completeExceptionally(e);
        }
    }
}
