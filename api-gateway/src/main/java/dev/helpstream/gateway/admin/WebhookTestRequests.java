package dev.helpstream.gateway.admin;

import dev.helpstream.schema.WebhookTestRequest;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Asks the notifier to send a test event to a webhook.
 *
 * <p>Output: {@code notifications.webhook-tests.v1}, of which the gateway is the one writer, keyed
 * by webhook id, through an idempotent producer ({@code acks=all}): a retried send is written once.
 * The notifier sends the test event with the request id as its event id, and reports the attempts
 * on the delivery log like any other delivery.
 */
@Component
class WebhookTestRequests implements DisposableBean {

    private final Producer<String, WebhookTestRequest> producer;

    @Autowired
    WebhookTestRequests(
            @Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers,
            @Value("${helpstream.kafka.send-timeout:30s}") Duration sendTimeout) {
        this(producer(bootstrapServers, sendTimeout));
    }

    WebhookTestRequests(Producer<String, WebhookTestRequest> producer) {
        this.producer = producer;
    }

    private static Producer<String, WebhookTestRequest> producer(String bootstrapServers, Duration sendTimeout) {
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        int timeout = (int) sendTimeout.toMillis();
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "api-gateway-webhook-tests-" + UUID.randomUUID(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        // An admin waits for the answer: send at once rather than batch.
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (long) timeout,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Math.max(500, timeout / 2),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        timeout + 5),
                Topics.WEBHOOK_TESTS.keySerde().serializer(),
                Topics.WEBHOOK_TESTS.valueSerde().serializer());
    }

    /**
     * Writes the request; completes once the brokers acknowledged it, or fails with Kafka's {@code
     * TimeoutException} (answered 503). {@code send} may block on metadata, so never on an event loop.
     */
    Mono<Void> send(WebhookTestRequest request) {
        return Mono.<Void>create(sink -> producer.send(
                        new ProducerRecord<>(Topics.WEBHOOK_TESTS.name(), request.getWebhookId(), request),
                        (metadata, error) -> {
                            if (error != null) {
                                sink.error(error);
                            } else {
                                sink.success();
                            }
                        }))
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(10));
    }
}
