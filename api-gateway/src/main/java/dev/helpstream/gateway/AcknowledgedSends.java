package dev.helpstream.gateway;

import dev.helpstream.schema.topic.Topic;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The gateway's one-record writes that a caller waits for (a sign-in link, a webhook test): an
 * idempotent producer ({@code acks=all}, no batching delay) bounded by the send timeout, and a send
 * that completes once the brokers acknowledged the record.
 */
public final class AcknowledgedSends {

    private AcknowledgedSends() {}

    /** A producer for {@code topic} whose sends fail with Kafka's {@code TimeoutException} after {@code sendTimeout}. */
    public static <V> Producer<String, V> producer(
            String bootstrapServers, Duration sendTimeout, String clientId, Topic<String, V> topic) {
        int timeout = (int) sendTimeout.toMillis();
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        clientId,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        // Someone waits for the answer: send at once rather than batch.
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (long) timeout,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Math.max(500, timeout / 2),
                        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        timeout + 5),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer());
    }

    /**
     * Writes the record; completes with its offset once acknowledged. {@code send} may block on
     * metadata, so it runs off the event loop, and the answer leaves the producer's I/O thread.
     */
    public static <V> Mono<RecordMetadata> send(
            Producer<String, V> producer, Topic<String, V> topic, String key, V value) {
        return Mono.<RecordMetadata>create(sink ->
                        producer.send(new ProducerRecord<>(topic.name(), key, value), (metadata, error) -> {
                            if (error != null) {
                                sink.error(error);
                            } else {
                                sink.success(metadata);
                            }
                        }))
                .subscribeOn(Schedulers.boundedElastic())
                .publishOn(Schedulers.parallel());
    }
}
