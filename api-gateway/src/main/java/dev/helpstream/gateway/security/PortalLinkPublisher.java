package dev.helpstream.gateway.security;

import dev.helpstream.gateway.AcknowledgedSends;
import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

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
        this.producer = AcknowledgedSends.producer(
                bootstrapServers, sendTimeout, "api-gateway-portal-links", Topics.PORTAL_ACCESS_LINKS);
    }

    /** Writes the link; completes with its offset once acknowledged. */
    Mono<RecordMetadata> publish(PortalAccessLink link) {
        return AcknowledgedSends.send(producer, Topics.PORTAL_ACCESS_LINKS, link.getEmail(), link);
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(10));
    }
}
