package dev.helpstream.gateway.security;

import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Publishes the portal magic links customers ask for to {@code notifications.portal-links.v1}
 * ({@link Topics#PORTAL_ACCESS_LINKS}, written only by the gateway), keyed by the email, for the
 * notifier to send. Idempotent producer with {@code acks=all}; the returned {@link Mono} completes
 * once the broker acknowledged the record, so a 202 means the request is durable. {@code send} may
 * block on metadata, so it runs on the bounded-elastic scheduler.
 */
@Component
class PortalLinkPublisher implements DisposableBean {

    private final Producer<String, PortalAccessLink> producer;

    PortalLinkPublisher(
            @Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${helpstream.kafka.send-timeout:30s}") Duration sendTimeout) {
        int timeout = (int) sendTimeout.toMillis();
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "api-gateway-portal-links",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (long) timeout,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Math.max(500, timeout / 2),
                        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        timeout + 5),
                Topics.PORTAL_ACCESS_LINKS.keySerde().serializer(),
                Topics.PORTAL_ACCESS_LINKS.valueSerde().serializer());
    }

    /** Writes the link; completes with its offset once acknowledged. */
    Mono<RecordMetadata> publish(PortalAccessLink link) {
        return Mono.<RecordMetadata>create(sink -> producer.send(
                        new ProducerRecord<>(Topics.PORTAL_ACCESS_LINKS.name(), link.getEmail(), link),
                        (metadata, error) -> {
                            if (error != null) {
                                sink.error(error);
                            } else {
                                sink.success(metadata);
                            }
                        }))
                .subscribeOn(Schedulers.boundedElastic())
                // Leave the producer's I/O thread at once.
                .publishOn(Schedulers.parallel());
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(10));
    }
}
