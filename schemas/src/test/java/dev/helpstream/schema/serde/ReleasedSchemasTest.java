package dev.helpstream.schema.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.RandomRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Guards the released schema versions: each one stays readable by the current classes, and the
 * current schema is always released, so a change to an {@code .avsc} file cannot ship without a
 * new version file under {@code resources/schemas/released}.
 */
class ReleasedSchemasTest {

    static final List<Class<? extends SpecificRecord>> TOP_LEVEL = RandomRecords.TOP_LEVEL;

    @ParameterizedTest
    @FieldSource("TOP_LEVEL")
    void shouldHaveReleasedTheCurrentSchemaAsTheNewestVersion(Class<? extends SpecificRecord> type) {
        Schema current = RandomRecords.schemaOf(type);
        List<SchemaHistory.ReleasedSchema> history = SchemaHistory.of(current.getFullName());

        assertThat(history).isNotEmpty();
        assertThat(history)
                .extracting(SchemaHistory.ReleasedSchema::version)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, history.size())
                        .boxed()
                        .toList());
        assertThat(history.get(history.size() - 1).schema())
                .as(
                        "%s changed: release it as schemas/released/%s/v%d.avsc with this content:%n%s",
                        current.getFullName(), current.getFullName(), history.size() + 1, current.toString(true))
                .isEqualTo(current);
    }

    @ParameterizedTest
    @FieldSource("TOP_LEVEL")
    void shouldReadEveryReleasedVersionWithTheCurrentSchema(Class<? extends SpecificRecord> type) throws IOException {
        Schema current = RandomRecords.schemaOf(type);
        Deserializer<? extends SpecificRecord> deserializer =
                SingleObjectAvroSerdes.instance().serde(type).deserializer();

        for (SchemaHistory.ReleasedSchema released : SchemaHistory.of(current.getFullName())) {
            assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, released.schema())
                            .getType())
                    .as("current %s reads v%d", current.getFullName(), released.version())
                    .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
            for (GenericData.Record written : RandomRecords.generic(released.schema(), 20, released.version())) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                new BinaryMessageEncoder<GenericData.Record>(GenericData.get(), released.schema()).encode(written, out);

                SpecificRecord decoded = deserializer.deserialize("t", out.toByteArray());

                GenericData.Record expected = RandomRecords.resolve(
                        released.schema(), current, RandomRecords.binary(released.schema(), written));
                assertThat(RandomRecords.binary(decoded)).isEqualTo(RandomRecords.binary(current, expected));
            }
        }
    }
}
