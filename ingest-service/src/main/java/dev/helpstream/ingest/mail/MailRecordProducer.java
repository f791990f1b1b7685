package dev.helpstream.ingest.mail;

import dev.helpstream.ingest.IngestProperties;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer the email intake writes {@code tickets.inbound.v1} with: idempotent, {@code
 * acks=all}, the service's send timeout, like the HTTP API's, but with no linger.
 *
 * <p>Why a producer of its own: a mail is answered only once Kafka has its record, so each SMTP
 * session (and poller) has one record in flight at a time, and a linger only delays it; the
 * records of concurrent sessions still share a request while one is in flight. With the client's
 * default linger (5 ms) every mail waited those 5 ms before being sent at all, which alone bounds
 * four sessions to some 700 mails/s. Dedup stays with routing-stream (the key is the Message-ID),
 * so two producers writing the topic change nothing for exactly-once.
 */
final class MailRecordProducer {

    private MailRecordProducer() {}

    /** A new producer; its owner closes it. */
    static Producer<String, InboundMessage> create(IngestProperties properties) {
        Duration timeout = properties.kafka().sendTimeout();
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        int sendTimeout = (int) timeout.toMillis();
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        properties.kafka().bootstrapServers(),
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "ingest-service-mail",
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.LINGER_MS_CONFIG,
                        0,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG,
                        (long) sendTimeout,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                        Math.max(500, sendTimeout / 2),
                        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                        sendTimeout + 5),
                Topics.INBOUND.keySerde().serializer(),
                Topics.INBOUND.valueSerde().serializer());
    }
}
