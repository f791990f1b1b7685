package dev.helpstream.ingest.mail;

import dev.helpstream.ingest.ConfigSnapshot;
import dev.helpstream.ingest.ConfigView;
import dev.helpstream.ingest.IngestProperties;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.content.BlobStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one path every received mail takes, whether the SMTP listener or a mailbox poller received
 * it: store the raw bytes, read them, write the result to Kafka and wait for the acknowledgement.
 *
 * <p>Input: a mail's bytes and its {@link Envelope}. Output: one record on {@code
 * tickets.inbound.v1} keyed by the message id ({@link MimeParser}), or, for a mail without a
 * readable sender, one on {@code ingest.dlq.v1} ({@link MailDeadLetters}); the raw mail is always in
 * the blob store first. Invariant: {@link #deliver} returns only once the broker has the record;
 * otherwise it throws {@link MailNotStoredException} and the caller keeps the mail (SMTP answers
 * 451, a poller leaves it on the server), so nothing is lost. The same mail delivered twice gives
 * the same key; routing-stream drops the second. A record too large for Kafka loses its HTML and
 * quoted history (and at worst most of its text), noted in a header: the raw mail has them. Blocks;
 * called on the SMTP session threads and the pollers' threads, never on an event loop, and sends on
 * them with a producer of its own ({@link MailRecordProducer}: no linger, as each caller waits for
 * its one record).
 */
@Component
class MailIntake implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(MailIntake.class);

    /** Below the broker's default record limit (1 MiB), with room for the record's overhead. */
    static final int MAX_RECORD_BYTES = 900 * 1024;

    private static final int TEXT_KEPT_WHEN_TOO_LARGE = 20_000;

    private final RawMailStore rawMail;
    private final MimeParser parser;
    private final ConfigView config;
    private final MailDeadLetters deadLetters;
    private final Clock clock;
    private final MeterRegistry meters;
    private final IngestProperties ingest;
    private final Duration timeout;
    private final int maxAttachments;
    private final int maxBodyChars;
    private final Object producerLock = new Object();
    private volatile Producer<String, InboundMessage> producer;
    private boolean closed;
    private volatile RulesOf current;

    MailIntake(
            BlobStore store,
            ConfigView config,
            MailDeadLetters deadLetters,
            Clock clock,
            MeterRegistry meters,
            IngestProperties ingest,
            MailProperties mail) {
        this.rawMail = new RawMailStore(store);
        this.parser = new MimeParser(store);
        this.config = config;
        this.ingest = ingest;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.meters = meters;
        // The send itself is bounded by the producer's delivery timeout; this only guards the wait.
        this.timeout = ingest.kafka().sendTimeout().plusSeconds(5);
        this.maxAttachments = mail.maxAttachments();
        this.maxBodyChars = ingest.intake().maxBodyChars();
    }

    /** The rules in force now (helpdesk settings and limits). */
    MailRules rules() {
        // Asked at EHLO, MAIL FROM and DATA of every mail: derived once per configuration change.
        ConfigSnapshot snapshot = config.snapshot();
        RulesOf known = current;
        if (known == null || known.snapshot() != snapshot) {
            known = new RulesOf(snapshot, MailRules.of(snapshot.settings(), maxAttachments, maxBodyChars));
            current = known;
        }
        return known.rules();
    }

    /** The rules derived from one configuration snapshot. */
    private record RulesOf(ConfigSnapshot snapshot, MailRules rules) {}

    /** Whether {@code address} (any case) is one of the helpdesk's support addresses now. */
    boolean isSupportAddress(String address) {
        return config.snapshot().supportAddresses().containsKey(address.strip().toLowerCase(Locale.ROOT));
    }

    Instant now() {
        return clock.instant();
    }

    /**
     * Stores the bytes of a mail being received.
     *
     * @throws RawMailStore.MailTooLargeException past {@code maxBytes} (nothing is kept)
     * @throws IOException when reading fails (nothing is kept)
     * @throws MailNotStoredException when the blob store fails
     */
    StoredMail store(InputStream in, long maxBytes) throws IOException {
        return store(out -> in.transferTo(out), maxBytes);
    }

    /** Stores what {@code source} writes; see {@link #store(InputStream, long)}. */
    StoredMail store(RawMailStore.Source source, long maxBytes) throws IOException {
        return rawMail.store(source, maxBytes);
    }

    /**
     * Reads a stored mail and writes its record; returns once Kafka acknowledged it.
     *
     * @return the message id and where it went
     * @throws MailNotStoredException when Kafka did not acknowledge the record
     */
    Delivery deliver(StoredMail raw, Envelope envelope, MailRules rules) {
        ParsedMail parsed;
        try {
            parsed = parser.parse(raw, envelope, rules);
        } catch (UncheckedIOException storage) {
            throw new MailNotStoredException("the blob store failed: " + storage.getMessage(), storage);
        } catch (RuntimeException bug) {
            // A mail that breaks the parser is still kept and reported, not retried forever.
            log.error("Could not parse the mail {} from {}", raw.storageKey(), envelope.source(), bug);
            parsed = new ParsedMail.Unreadable(
                    "sha256-" + raw.sha256() + "@" + MimeParser.MISSING_ID_DOMAIN, "the parser failed: " + bug);
        }
        if (parsed instanceof ParsedMail.Readable readable) {
            InboundMessage message = fitted(readable.message());
            RecordMetadata written = publish(message);
            count(envelope, "accepted");
            log.debug(
                    "Wrote mail {} from {} to {}-{}@{}",
                    message.getMessageId(),
                    envelope.source(),
                    written.topic(),
                    written.partition(),
                    written.offset());
            return new Delivery(message.getMessageId(), false);
        }
        ParsedMail.Unreadable unreadable = (ParsedMail.Unreadable) parsed;
        deadLetters.send(unreadable.messageId(), unreadable.reason(), envelope.source(), raw, Map.of());
        count(envelope, "dead-lettered");
        log.warn(
                "Mail {} from {} cannot become a ticket message ({}); written to {} with its raw copy {}",
                unreadable.messageId(),
                envelope.source(),
                unreadable.reason(),
                Topics.INGEST_DLQ.name(),
                raw.storageKey());
        return new Delivery(unreadable.messageId(), true);
    }

    /** Reports a mail that was not taken in (too large for a poller to fetch). */
    void reportNotTaken(String messageId, String reason, String source, Map<String, String> details) {
        deadLetters.send(messageId, reason, source, null, details);
        meters.counter("helpstream.ingest.mail", "source", kind(source), "outcome", "dead-lettered")
                .increment();
    }

    /** Counts a mail refused before it was stored (SMTP 550/552, or too large). */
    void countRefused(String source, String reason) {
        meters.counter("helpstream.ingest.mail", "source", kind(source), "outcome", reason)
                .increment();
    }

    private RecordMetadata publish(InboundMessage message) {
        // Sent and awaited on the caller's thread (an SMTP session's or a poller's, both allowed to
        // block): no hand-off to a scheduler and back for every mail.
        try {
            return producer()
                    .send(new ProducerRecord<>(Topics.INBOUND.name(), message.getMessageId(), message))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MailNotStoredException("interrupted while waiting for Kafka's acknowledgement", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new MailNotStoredException("Kafka did not acknowledge the message: " + cause.getMessage(), cause);
        } catch (TimeoutException | RuntimeException e) {
            throw new MailNotStoredException("Kafka did not acknowledge the message: " + e.getMessage(), e);
        }
    }

    /** The message, made to fit in one Kafka record. */
    private static InboundMessage fitted(InboundMessage message) {
        // Nearly every mail is far below the limit: the bound says so without encoding it.
        if (RecordSizeBound.of(message) <= MAX_RECORD_BYTES || size(message) <= MAX_RECORD_BYTES) {
            return message;
        }
        MessageBody body = message.getBody();
        Map<String, String> headers = new HashMap<>(message.getHeaders());
        headers.merge(
                MimeParser.PROBLEM_HEADER,
                "the HTML and quoted history were left out to fit in one record",
                (earlier, added) -> earlier + "; " + added);
        InboundMessage smaller = InboundMessage.newBuilder(message)
                .setBody(MessageBody.newBuilder(body)
                        .setHtml(null)
                        .setQuotedText(null)
                        .build())
                .setHeaders(headers)
                .build();
        if (size(smaller) <= MAX_RECORD_BYTES) {
            return smaller;
        }
        String text = body.getText();
        return InboundMessage.newBuilder(smaller)
                .setBody(MessageBody.newBuilder(smaller.getBody())
                        .setText(text.substring(0, Math.min(text.length(), TEXT_KEPT_WHEN_TOO_LARGE))
                                + MimeParser.CUT_NOTE)
                        .build())
                .build();
    }

    private static int size(InboundMessage message) {
        return Topics.INBOUND.valueSerde().serializer().serialize(Topics.INBOUND.name(), message).length;
    }

    private void count(Envelope envelope, String outcome) {
        meters.counter("helpstream.ingest.mail", "source", kind(envelope.source()), "outcome", outcome)
                .increment();
    }

    private static String kind(String source) {
        int scheme = source.indexOf(':');
        return scheme < 0 ? source : source.substring(0, scheme);
    }

    /** The mail producer, made at the first mail: a service that takes no mail has none. */
    private Producer<String, InboundMessage> producer() {
        Producer<String, InboundMessage> made = producer;
        if (made == null) {
            synchronized (producerLock) {
                if (closed) {
                    throw new MailNotStoredException("the service is stopping", null);
                }
                made = producer;
                if (made == null) {
                    made = MailRecordProducer.create(ingest);
                    producer = made;
                }
            }
        }
        return made;
    }

    @Override
    public void destroy() {
        // After the listener and the pollers stopped; waits for records in flight, not forever.
        synchronized (producerLock) {
            closed = true;
            if (producer != null) {
                producer.close(Duration.ofSeconds(10));
            }
        }
    }

    /**
     * @param messageId the key of the record written
     * @param deadLettered whether it went to the dead-letter topic rather than to the tickets
     */
    record Delivery(String messageId, boolean deadLettered) {}
}
