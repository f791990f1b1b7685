package dev.helpstream.ingest;

import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes inbound messages to {@code tickets.inbound.v1}, keyed by message id, through the
 * service's one idempotent producer ({@code acks=all}).
 *
 * <p>The returned {@link Mono} completes when the broker has acknowledged the record, so an HTTP
 * answer of 202 means the message is durable. {@code send} may block while it fetches metadata or
 * waits for buffer space, so it is called on the bounded-elastic scheduler, never on an event-loop
 * thread; the producer's callback thread is left at once. A failure (including the send timeout)
 * becomes a 503 refusal.
 */
@Component
public class InboundPublisher implements DisposableBean {

    private final Producer<String, InboundMessage> producer;

    InboundPublisher(Producer<String, InboundMessage> producer) {
        this.producer = producer;
    }

    /** Writes {@code message}; completes with the broker's acknowledgement, or a 503 refusal. */
    public Mono<RecordMetadata> publish(InboundMessage message) {
        return Mono.<RecordMetadata>create(sink -> producer.send(
                        new ProducerRecord<>(Topics.INBOUND.name(), message.getMessageId(), message),
                        (metadata, error) -> {
                            if (error != null) {
                                sink.error(error);
                            } else {
                                sink.success(metadata);
                            }
                        }))
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(Schedulers.parallel())
                .onErrorMap(
                        error -> !(error instanceof RequestRefusedException),
                        error -> RequestRefusedException.unavailable(
                                "Kafka did not acknowledge the message: " + error.getMessage(), error));
    }

    @Override
    public void destroy() {
        // Waits for records in flight (each bounded by the send timeout), but not forever.
        producer.close(Duration.ofSeconds(10));
    }
}
