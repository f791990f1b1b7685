package dev.helpstream.ingest.mail;

import dev.helpstream.ingest.IngestProperties;
import dev.helpstream.ingest.KafkaConfiguration;
import dev.helpstream.schema.InboundMessage;
import org.apache.kafka.clients.producer.Producer;

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
        return KafkaConfiguration.newInboundProducer(properties, "ingest-service-mail", 0);
    }
}
