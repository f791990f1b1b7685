package dev.helpstream.schema.serde;

import java.util.OptionalLong;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes could not be turned into the expected Avro type: not single-object encoded, an
 * unknown schema fingerprint, or a corrupt body.
 *
 * <p>It extends Kafka's {@link SerializationException} so the consumers' and the Kafka Streams
 * deserialization exception handlers treat it as a poison record and dead-letter it.
 */
public final class AvroDecodingException extends SerializationException {

    private final String topic;
    private final String expectedType;
    // A boxed value, not OptionalLong: the exception is Serializable (spring-kafka's
    // ErrorHandlingDeserializer carries it across in a header), and OptionalLong is not.
    private final Long fingerprint;

    AvroDecodingException(String topic, String expectedType, OptionalLong fingerprint, String reason, Throwable cause) {
        super(message(topic, expectedType, fingerprint, reason), cause);
        this.topic = topic;
        this.expectedType = expectedType;
        this.fingerprint = fingerprint.isPresent() ? fingerprint.getAsLong() : null;
    }

    /** The topic the record was read from. */
    public String topic() {
        return topic;
    }

    /** The full name of the Avro type the reader expected. */
    public String expectedType() {
        return expectedType;
    }

    /** The writer schema's CRC-64-AVRO fingerprint, when the bytes carried a single-object header. */
    public OptionalLong fingerprint() {
        return fingerprint == null ? OptionalLong.empty() : OptionalLong.of(fingerprint);
    }

    /** The fingerprint as the 16 hex digits Avro tools print, or {@code none}. */
    public String fingerprintHex() {
        return fingerprint == null ? "none" : SingleObjectHeader.hex(fingerprint);
    }

    private static String message(String topic, String expectedType, OptionalLong fingerprint, String reason) {
        String hex = fingerprint.isPresent() ? SingleObjectHeader.hex(fingerprint.getAsLong()) : "none";
        return "Cannot decode " + expectedType + " from topic '" + topic + "' (schema fingerprint " + hex + "): "
                + reason;
    }
}
