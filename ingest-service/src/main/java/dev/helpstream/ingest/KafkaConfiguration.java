package dev.helpstream.ingest;

import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.KafkaClusterHealthIndicator;
import dev.helpstream.support.content.BlobStore;
import dev.helpstream.support.content.FileSystemBlobStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The service's Kafka clients and the other shared infrastructure: one admin client (topic
 * provisioning and health), one idempotent producer for {@code tickets.inbound.v1} and one for
 * {@code ingest.dlq.v1}, the blob store and the clock.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The cluster's health as {@code kafka} on the health endpoint. */
    @Bean("kafka")
    KafkaClusterHealthIndicator kafkaHealth(Admin admin, IngestProperties properties) {
        return new KafkaClusterHealthIndicator(admin, properties.kafka().bootstrapServers(), Map.of());
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(IngestProperties properties) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                properties.kafka().bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "ingest-service-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
    }

    /** Closed by {@link InboundPublisher}, with a bound, so a dead cluster cannot hang shutdown. */
    @Bean(destroyMethod = "")
    Producer<String, InboundMessage> inboundProducer(IngestProperties properties) {
        return newInboundProducer(properties, "ingest-service-inbound", 5);
    }

    /**
     * A producer of {@code tickets.inbound.v1}: idempotent, {@code acks=all}, bounded by the send
     * timeout. The API's shares a poll's requests with a 5 ms linger; the email intake's has none,
     * since each SMTP session or poller waits for its one record.
     */
    public static Producer<String, InboundMessage> newInboundProducer(
            IngestProperties properties, String clientId, int lingerMs) {
        Duration timeout = properties.kafka().sendTimeout();
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        int sendTimeout = (int) timeout.toMillis();
        int requestTimeout = Math.max(500, sendTimeout / 2);
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        properties.kafka().bootstrapServers(),
                        ProducerConfig.CLIENT_ID_CONFIG,
                        clientId,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        lingerMs,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (long) sendTimeout,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        requestTimeout,
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        sendTimeout + 5),
                Topics.INBOUND.keySerde().serializer(),
                Topics.INBOUND.valueSerde().serializer());
    }

    /**
     * Writes {@code ingest.dlq.v1}: mail that cannot become an inbound message, kept with the
     * reason. Idempotent and {@code acks=all} like the inbound producer; closed by its user ({@code
     * MailDeadLetters}), with a bound.
     */
    @Bean(destroyMethod = "")
    Producer<byte[], byte[]> deadLetterProducer(IngestProperties properties) {
        int sendTimeout = (int) properties.kafka().sendTimeout().toMillis();
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        properties.kafka().bootstrapServers(),
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "ingest-service-dead-letters",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (long) sendTimeout,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Math.max(500, sendTimeout / 2),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        sendTimeout + 5),
                Topics.INGEST_DLQ.keySerde().serializer(),
                Topics.INGEST_DLQ.valueSerde().serializer());
    }

    @Bean
    BlobStore blobStore(IngestProperties properties) {
        return new FileSystemBlobStore(properties.blobs().directory());
    }
}
