package dev.helpstream.gateway.command;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.kafka.PartitionFollower;
import dev.helpstream.support.kafka.PartitionFollower.StartPosition;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
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
 * waiter is registered before its command is sent, so no result can arrive unseen. The reading
 * itself is a {@link PartitionFollower}.
 */
@Component
class CommandResultListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CommandResultListener.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(60);

    private final Deserializer<CommandResult> values =
            Topics.COMMAND_RESULTS.valueSerde().deserializer();
    private final Map<String, CompletableFuture<CommandResult>> waiting = new ConcurrentHashMap<>();
    private final PartitionFollower<String, byte[]> follower;

    CommandResultListener(@Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers) {
        this.follower = PartitionFollower.builder(
                        bootstrapServers,
                        "api-gateway-command-results-" + java.util.UUID.randomUUID(),
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .topics(Topics.COMMAND_RESULTS.name())
                // A command sent after start() returns gets its result.
                .from(StartPosition.END)
                .property(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)
                .threadName("gateway-command-results")
                .failureConsequence("commands will time out")
                .build(records -> records.forEach(this::deliver));
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
        follower.start(POSITION_TIMEOUT);
    }

    @Override
    public void stop() {
        follower.close();
        waiting.values().forEach(future -> future.completeExceptionally(new IllegalStateException("gateway stopping")));
        waiting.clear();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }

    @Override
    public int getPhase() {
        // Before the web server accepts the first command.
        return ConfigView.PHASE;
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
