package dev.helpstream.bench.micro;

import dev.helpstream.schema.topic.Topic;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One record and the value serde of its topic from the catalogue, for a serde benchmark: encodes
 * the record, and decodes the bytes encoded once at creation.
 *
 * <p>Invariant: {@link #encoded()} is the record as the topic's serde writes it, so decoding it
 * measures exactly what a consumer of the topic does for that record. Nothing in it changes once built; the serdes are
 * the catalogue's shared, thread-safe instances.
 *
 * @param <T> the record type
 */
final class TopicCodec<T> {

    private static final Logger log = LoggerFactory.getLogger(TopicCodec.class);

    private final String topic;
    private final Serializer<T> serializer;
    private final Deserializer<T> deserializer;
    private final T record;
    private final byte[] encoded;

    private TopicCodec(Topic<?, T> topic, T record) {
        this.topic = topic.name();
        this.serializer = topic.valueSerde().serializer();
        this.deserializer = topic.valueSerde().deserializer();
        this.record = record;
        this.encoded = serializer.serialize(this.topic, record);
    }

    /** The codec of {@code record} on {@code topic}; logs the encoded size, the bytes per record. */
    static <T> TopicCodec<T> of(Topic<?, T> topic, T record) {
        TopicCodec<T> codec = new TopicCodec<>(topic, record);
        log.info(
                "{} on {}: {} bytes per record (single-object encoding, 10 of them the header)",
                record.getClass().getSimpleName(),
                codec.topic,
                codec.encoded.length);
        return codec;
    }

    T record() {
        return record;
    }

    /** A copy of the bytes the record encodes to (the codec keeps its own). */
    byte[] encoded() {
        return encoded.clone();
    }

    byte[] serialize() {
        return serializer.serialize(topic, record);
    }

    T deserialize() {
        return deserializer.deserialize(topic, encoded);
    }
}
