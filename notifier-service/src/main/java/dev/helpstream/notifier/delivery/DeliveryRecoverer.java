package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.DeadLetter;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * The one recoverer of the deliverers' error handler: where a record goes when it will not be tried
 * again.
 *
 * <ul>
 *   <li>A delivery (permanent failure, or attempts exhausted): a {@link DeadLetter} on {@code
 *       notifications.deadletter.v1}, keyed by event id, with the attempts, the first and last
 *       attempt times, the last error and HTTP status, and the rendered payload (the webhook body,
 *       or the email as {@code message/rfc822}); and a DEAD_LETTERED record in the delivery log.
 *   <li>A poison record (undecodable, or no value): its raw bytes on {@code notifier.dlq.v1}, with
 *       the reason, the exception, and the source topic, partition and offset in headers named like
 *       Kafka Streams' dead-letter headers, so every writer of a {@code *.dlq.v1} topic reads alike.
 * </ul>
 *
 * Both are written synchronously; the offset is committed only after they are acknowledged.
 */
final class DeliveryRecoverer implements ConsumerAwareRecordRecoverer {

    static final String HEADER_EXCEPTION = "__streams.errors.exception";
    static final String HEADER_MESSAGE = "__streams.errors.message";
    static final String HEADER_TOPIC = "__streams.errors.topic";
    static final String HEADER_PARTITION = "__streams.errors.partition";
    static final String HEADER_OFFSET = "__streams.errors.offset";

    private static final Logger log = LoggerFactory.getLogger(DeliveryRecoverer.class);
    private static final String SPRING_DESERIALIZER_HEADERS = "springDeserializerException";

    /**
     * How spring-kafka's {@code ErrorHandlingDeserializer} reports a decoding exception it could not
     * carry in its header (not serializable): the type and the original message, in text.
     */
    private static final Pattern UNSERIALIZABLE = Pattern.compile(
            "Could not serialize type (\\S+) with message .*?\\. Original exception message: (.*)", Pattern.DOTALL);

    private final DeliveryLog deliveryLog;
    private final Attempts attempts;
    private final MailComposer composer;
    private final long payloadLimit;
    private final Clock clock;

    DeliveryRecoverer(
            DeliveryLog deliveryLog, Attempts attempts, MailComposer composer, long payloadLimit, Clock clock) {
        this.deliveryLog = deliveryLog;
        this.attempts = attempts;
        this.composer = composer;
        this.payloadLimit = payloadLimit;
        this.clock = clock;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer, Exception exception) {
        DeliveryInfo.of(record.value())
                .ifPresentOrElse(info -> deadLetter(record, info, exception), () -> poison(record, exception));
    }

    private void deadLetter(ConsumerRecord<?, ?> record, DeliveryInfo info, Exception exception) {
        Instant now = clock.instant();
        Attempts.State state = attempts.get(info.deliveryId()).orElse(null);
        DeliveryFailure failure = DeliveryFailure.in(exception).orElse(null);
        String lastError = failure != null ? failure.getMessage() : reason(exception);
        Integer httpStatus = failure == null ? null : failure.httpStatus().orElse(null);
        int count = state == null ? 1 : state.count();
        byte[] payload = payload(record.value());
        DeadLetter deadLetter = DeadLetter.newBuilder()
                .setDeadLetterId(info.deliveryId())
                .setEventId(info.eventId())
                .setTicketId(info.ticketId())
                .setSourceTopic(info.sourceTopic())
                .setSourcePartition(info.sourcePartition())
                .setSourceOffset(info.sourceOffset())
                .setChannel(info.channel())
                .setTarget(info.target())
                .setTargetId(info.targetId())
                .setAttempts(count)
                .setFirstAttemptAt(state == null ? now : state.firstAt())
                .setLastAttemptAt(state == null ? now : state.lastAt())
                .setLastError(lastError)
                .setHttpStatus(httpStatus)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setPayloadContentType(payload == null ? null : contentType(record.value()))
                .build();
        DeliveryRecord outcome = DeliveryLog.outcome(info, DeliveryStatus.DEAD_LETTERED, count, now)
                .setHttpStatus(httpStatus)
                .setError(lastError)
                .build();
        deliveryLog.deadLettered(
                record.topic(), record.partition(), record.offset(), keyText(record.key()), deadLetter, outcome);
        attempts.clear(info.deliveryId());
        log.warn(
                "{} delivery {} dead-lettered after {} attempt(s): {}",
                info.channel(),
                info.deliveryId(),
                count,
                lastError);
    }

    private byte[] payload(Object value) {
        if (value instanceof WebhookDelivery webhook) {
            ByteBuffer body = webhook.getBody().duplicate();
            if (body.remaining() > payloadLimit) {
                return null;
            }
            byte[] bytes = new byte[body.remaining()];
            body.get(bytes);
            return bytes;
        }
        if (value instanceof EmailDelivery email) {
            return composer.renderForDeadLetter(email, payloadLimit);
        }
        return null;
    }

    private static String contentType(Object value) {
        return value instanceof WebhookDelivery webhook ? webhook.getContentType() : "message/rfc822";
    }

    private void poison(ConsumerRecord<?, ?> record, Exception exception) {
        DeserializationException undecodable = deserialization(exception);
        byte[] value = undecodable != null ? undecodable.getData() : valueBytes(record.value());
        Throwable cause =
                undecodable != null && undecodable.getCause() != null ? undecodable.getCause() : rootOf(exception);
        String exceptionType = cause.getClass().getName();
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        Matcher unserializable = UNSERIALIZABLE.matcher(reason);
        if (cause.getClass() == RuntimeException.class && unserializable.matches()) {
            exceptionType = unserializable.group(1);
            reason = unserializable.group(2);
        }
        List<Header> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(SPRING_DESERIALIZER_HEADERS)) {
                headers.add(header);
            }
        }
        headers.add(header(HEADER_EXCEPTION, exceptionType));
        headers.add(header(HEADER_MESSAGE, reason));
        headers.add(header(HEADER_TOPIC, record.topic()));
        headers.add(header(HEADER_PARTITION, Integer.toString(record.partition())));
        headers.add(header(HEADER_OFFSET, Long.toString(record.offset())));
        deliveryLog.poison(
                new ProducerRecord<>(Topics.NOTIFIER_DLQ.name(), null, keyBytes(record.key()), value, headers));
        log.warn(
                "Poison record {}-{}@{} sent to {}: {}",
                record.topic(),
                record.partition(),
                record.offset(),
                Topics.NOTIFIER_DLQ.name(),
                reason);
    }

    private static DeserializationException deserialization(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DeserializationException found) {
                return found;
            }
        }
        return null;
    }

    private static Throwable rootOf(Exception exception) {
        return DeliveryFailure.in(exception).<Throwable>map(failure -> failure).orElseGet(() -> {
            Throwable t = exception;
            while (t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            return t;
        });
    }

    private static String reason(Exception exception) {
        Throwable root = rootOf(exception);
        return root.toString();
    }

    private static String keyText(Object key) {
        if (key instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return key == null ? null : key.toString();
    }

    private static byte[] keyBytes(Object key) {
        if (key instanceof byte[] bytes) {
            return bytes;
        }
        return key == null ? null : key.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] valueBytes(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        return null;
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
