package dev.helpstream.ingest.mail;

import dev.helpstream.ingest.IngestProperties;
import dev.helpstream.schema.topic.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes the mail that cannot become an inbound message to {@code ingest.dlq.v1}, so that it is
 * reported, never silently dropped.
 *
 * <p>Output: one record per mail, keyed by its message id, with the headers {@value #REASON},
 * {@value #SOURCE} (smtp or the mailbox), {@value #MESSAGE_ID} and, when the raw mail was stored,
 * {@value #RAW_MIME_REF}; the value is the raw mail when it is at most {@value #MAX_VALUE_BYTES}
 * bytes (a larger one stays in the blob store under its key), else empty. {@link #send} returns
 * once the broker has acknowledged the record ({@code acks=all}, idempotent producer).
 */
@Component
class MailDeadLetters implements DisposableBean {

    static final String REASON = "helpstream.reason";
    static final String SOURCE = "helpstream.source";
    static final String MESSAGE_ID = "helpstream.message-id";
    static final String RAW_MIME_REF = "helpstream.raw-mime-ref";
    static final int MAX_VALUE_BYTES = 512 * 1024;

    private final Producer<byte[], byte[]> producer;
    private final Duration timeout;

    MailDeadLetters(Producer<byte[], byte[]> deadLetterProducer, IngestProperties properties) {
        this.producer = deadLetterProducer;
        this.timeout = properties.kafka().sendTimeout();
    }

    /**
     * Writes one dead letter and waits for the acknowledgement.
     *
     * @param raw the stored raw mail, or null when it was not stored (too large)
     * @param details more headers, e.g. the From and Subject read from a mailbox
     * @throws MailNotStoredException when Kafka did not acknowledge it
     */
    void send(String messageId, String reason, String source, StoredMail raw, Map<String, String> details) {
        List<Header> headers = new ArrayList<>();
        headers.add(header(REASON, reason));
        headers.add(header(SOURCE, source));
        headers.add(header(MESSAGE_ID, messageId));
        if (raw != null) {
            headers.add(header(RAW_MIME_REF, raw.storageKey()));
        }
        details.forEach((name, value) -> headers.add(header(name, value)));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(
                Topics.INGEST_DLQ.name(), null, messageId.getBytes(StandardCharsets.UTF_8), value(raw), headers);
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailNotStoredException("interrupted while writing the dead letter", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw new MailNotStoredException("Kafka did not acknowledge the dead letter: " + e.getMessage(), e);
        }
    }

    private static byte[] value(StoredMail raw) {
        if (raw == null || raw.sizeBytes() > MAX_VALUE_BYTES) {
            return new byte[0];
        }
        try {
            return Files.readAllBytes(raw.file());
        } catch (IOException e) {
            // The key in the header still finds it.
            return new byte[0];
        }
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void destroy() {
        producer.close(Duration.ofSeconds(10));
    }
}
