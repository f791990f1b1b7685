package dev.helpstream.gateway.command;

import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Sends ticket commands to routing-stream and answers with their result.
 *
 * <p>Output: {@code tickets.commands.v1}, keyed by ticket id, through an idempotent producer
 * ({@code acks=all}). Input: the matching {@code tickets.command-results.v1} record, through
 * {@link CommandResultListener}. The gateway is the topic's one writer; the ticket aggregate
 * remembers command ids, so re-sending a command (same command id) after a timeout is answered as
 * a duplicate instead of being applied twice.
 */
@Component
class CommandBus implements DisposableBean {

    private final Producer<String, TicketCommand> producer;
    private final CommandResultListener results;
    private final Duration timeout;

    CommandBus(
            @Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers,
            CommandResultListener results,
            CommandProperties properties) {
        this.results = results;
        this.timeout = properties.resultTimeout();
        int millis = (int) timeout.toMillis();
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "api-gateway-commands-" + java.util.UUID.randomUUID(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        // A person waits for each command: send at once rather than batch.
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (long) millis,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Math.max(500, millis / 2),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        millis + 5),
                Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer());
    }

    /** How long a caller waits for a result. */
    Duration timeout() {
        return timeout;
    }

    /**
     * Sends the command (keyed by its ticket id) and completes with routing-stream's result;
     * errors with {@link TimeoutException} when none arrives within the timeout.
     */
    Mono<CommandResult> send(TicketCommand command) {
        String correlationId = command.getCorrelationId();
        return Mono.defer(() -> {
                    CompletableFuture<CommandResult> result = results.expect(correlationId);
                    return Mono.<Void>create(sink -> producer.send(
                                    new ProducerRecord<>(Topics.COMMANDS.name(), command.getTicketId(), command),
                                    (metadata, error) -> {
                                        if (error != null) {
                                            sink.error(error);
                                        } else {
                                            sink.success();
                                        }
                                    }))
                            .subscribeOn(Schedulers.boundedElastic())
                            .then(Mono.fromFuture(result));
                })
                .timeout(timeout)
                .doFinally(signal -> results.forget(correlationId))
                .publishOn(Schedulers.parallel());
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(10));
    }
}
