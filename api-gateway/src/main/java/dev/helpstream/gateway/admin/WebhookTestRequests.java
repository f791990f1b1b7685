package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.AcknowledgedSends;
import dev.helpstream.schema.WebhookTestRequest;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

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
        this(AcknowledgedSends.producer(
                bootstrapServers, sendTimeout, "api-gateway-webhook-tests-" + UUID.randomUUID(), Topics.WEBHOOK_TESTS));
    }

    WebhookTestRequests(Producer<String, WebhookTestRequest> producer) {
        this.producer = producer;
    }

    /**
     * Writes the request; completes once the brokers acknowledged it, or fails with Kafka's {@code
     * TimeoutException} (answered 503). {@code send} may block on metadata, so never on an event loop.
     */
    Mono<Void> send(WebhookTestRequest request) {
        return AcknowledgedSends.send(producer, Topics.WEBHOOK_TESTS, request.getWebhookId(), request)
                .then();
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(10));
    }
}
