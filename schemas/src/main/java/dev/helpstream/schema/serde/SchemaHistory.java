package dev.helpstream.schema.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * The released versions of a record type's schema, kept as {@code .avsc} files on the classpath
 * under {@code schemas/released/<full name>/v<N>.avsc}, numbered from 1 without gaps.
 *
 * <p>A schema is released by adding the next file; released files never change. Every released
 * version stays readable: the deserializer registers each of them as a writer schema.
 */
public final class SchemaHistory {

    private static final String ROOT = "schemas/released/";

    private SchemaHistory() {}

    /** The released schema versions of the named type, oldest first; empty if none was released. */
    public static List<ReleasedSchema> of(String fullName) {
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        List<ReleasedSchema> versions = new ArrayList<>();
        for (int version = 1; ; version++) {
            String resource = ROOT + fullName + "/v" + version + ".avsc";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    return List.copyOf(versions);
                }
                Schema schema = new Schema.Parser().parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                versions.add(new ReleasedSchema(version, schema));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read released schema " + resource, e);
            }
        }
    }

    /**
     * One released version of a schema.
     *
     * @param version the release number, from 1
     * @param schema the writer schema as released
     */
    public record ReleasedSchema(int version, Schema schema) {

        /** The CRC-64-AVRO fingerprint of the schema's canonical form, as single-object headers carry it. */
        public long fingerprint() {
            return SchemaNormalization.parsingFingerprint64(schema);
        }
    }
}
