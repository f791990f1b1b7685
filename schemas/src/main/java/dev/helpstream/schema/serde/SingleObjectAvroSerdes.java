package dev.helpstream.schema.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro serdes using the specification's single-object encoding: each record carries the
 * fingerprint of the schema it was written with, so no schema registry is needed.
 *
 * <p>Records are written with the current generated schema. They are read with the current schema
 * as reader schema, from any writer schema that was released for the type (see {@link
 * SchemaHistory}); schema resolution fills fields the writer did not know with their defaults.
 * Bytes that cannot be read raise an {@link AvroDecodingException} naming the topic and
 * fingerprint.
 *
 * <p>Serdes are immutable and thread-safe; one instance per type is cached.
 */
public final class SingleObjectAvroSerdes implements AvroSerdes {

    /** Package prefix of the generated classes, which Avro must be allowed to instantiate. */
    private static final String GENERATED_PACKAGE = "dev.helpstream.schema.";

    private static final SingleObjectAvroSerdes INSTANCE = new SingleObjectAvroSerdes();

    static {
        trustGeneratedClasses();
    }

    private final Map<Class<?>, Serde<?>> serdes = new ConcurrentHashMap<>();

    private SingleObjectAvroSerdes() {}

    /** The shared instance. */
    public static SingleObjectAvroSerdes instance() {
        return INSTANCE;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        return (Serde<T>) serdes.computeIfAbsent(type, key -> create(type));
    }

    private static <T extends SpecificRecord> Serde<T> create(Class<T> type) {
        String fullName = SpecificData.getForClass(type).getSchema(type).getFullName();
        List<Schema> released = SchemaHistory.of(fullName).stream()
                .map(SchemaHistory.ReleasedSchema::schema)
                .toList();
        return create(type, released);
    }

    /** A serde that reads records written with any of {@code writerSchemas} or the current schema. */
    static <T extends SpecificRecord> Serde<T> create(Class<T> type, List<Schema> writerSchemas) {
        SpecificData model = SpecificData.getForClass(type);
        Schema schema = model.getSchema(type);
        return Serdes.serdeFrom(
                new SingleObjectSerializer<>(model, schema),
                new SingleObjectDeserializer<>(model, schema, writerSchemas));
    }

    /**
     * Avro 1.12 refuses to load classes outside a trusted list when it decodes or fills defaults;
     * Helpstream's generated classes are trusted in addition to whatever is trusted already.
     */
    private static void trustGeneratedClasses() {
        ClassSecurityValidator.ClassSecurityPredicate existing = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                existing, type -> type.getName().startsWith(GENERATED_PACKAGE)));
    }

    private static final class SingleObjectSerializer<T extends SpecificRecord> implements Serializer<T> {
        private final BinaryMessageEncoder<T> encoder;
        private final String typeName;

        SingleObjectSerializer(SpecificData model, Schema schema) {
            this.encoder = new BinaryMessageEncoder<>(model, schema);
            this.typeName = schema.getFullName();
        }

        @Override
        public byte[] serialize(String topic, T data) {
            if (data == null) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256);
            try {
                encoder.encode(data, out);
            } catch (IOException | RuntimeException e) {
                throw new SerializationException(
                        "Cannot encode " + typeName + " for topic '" + topic + "': " + e.getMessage(), e);
            }
            return out.toByteArray();
        }
    }

    private static final class SingleObjectDeserializer<T extends SpecificRecord> implements Deserializer<T> {
        private final BinaryMessageDecoder<T> decoder;
        private final String typeName;

        SingleObjectDeserializer(SpecificData model, Schema schema, List<Schema> writerSchemas) {
            this.decoder = new BinaryMessageDecoder<>(model, schema);
            this.typeName = schema.getFullName();
            writerSchemas.forEach(decoder::addSchema);
        }

        @Override
        public T deserialize(String topic, byte[] data) {
            if (data == null) {
                return null;
            }
            try {
                return decoder.decode(data);
            } catch (BadHeaderException e) {
                throw failure(topic, data, "not Avro single-object encoded (bad header)", e);
            } catch (MissingSchemaException e) {
                throw failure(topic, data, "unknown writer schema (not a released version of " + typeName + ")", e);
            } catch (IOException | RuntimeException e) {
                throw failure(topic, data, "corrupt record body (" + e + ")", e);
            }
        }

        private AvroDecodingException failure(String topic, byte[] data, String reason, Exception cause) {
            return new AvroDecodingException(topic, typeName, SingleObjectHeader.fingerprint(data), reason, cause);
        }
    }
}
