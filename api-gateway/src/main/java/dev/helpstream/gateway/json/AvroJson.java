package dev.helpstream.gateway.json;

import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts Avro records to and from natural JSON trees, driven by their schemas, so the API speaks
 * plain JSON rather than Avro's JSON encoding.
 *
 * <p>Mapping: a record is an object of its fields; {@code ["null", X]} is X or {@code null}; a
 * union of several records is the chosen record's object with a discriminator {@value
 * #TYPE_PROPERTY} holding the record's simple name (e.g. {@code "MessageAdded"}); an enum is its
 * symbol; {@code timestamp-millis} is an ISO-8601 UTC instant ({@code 2026-03-01T10:00:00Z}); {@code
 * date} an ISO date ({@code 2026-12-25}); a map is an object; an array an array; bytes and fixed are
 * base64. Other logical types travel as their underlying type.
 *
 * <p>Reading is strict and all-or-nothing: missing fields take their schema defaults, and unknown
 * fields, missing required fields, nulls where none are allowed, wrong JSON types, unknown enum
 * symbols or union types and unparsable instants or dates are all collected, each with its path
 * ({@code departmentIds[0]}, {@code customerNotifications.staffReply}), into one {@link
 * AvroJsonException}; no partially filled record ever escapes. Instants are truncated to the
 * millisecond the schema stores. Stateless and thread-safe.
 */
public final class AvroJson {

    /** The discriminator property of a value whose schema is a union of several records. */
    public static final String TYPE_PROPERTY = "type";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Knows the generated classes and their logical-type conversions, to build specific records. */
    private static final SpecificData MODEL = model();

    private AvroJson() {}

    /** The record as a JSON object of its fields. */
    public static ObjectNode toJson(SpecificRecord record) {
        return toJson(record, Set.of());
    }

    /**
     * The record as a JSON object without the top-level fields {@code omitFields}: for secrets
     * such as an agent's {@code passwordHash} that must never leave the gateway.
     */
    public static ObjectNode toJson(SpecificRecord record, Set<String> omitFields) {
        Objects.requireNonNull(record, "record");
        ObjectNode json = writeRecord(record.getSchema(), record);
        json.remove(omitFields);
        return json;
    }

    /** Any value of {@code schema} (as held by the generated classes) as JSON. */
    public static JsonNode toJson(Object value, Schema schema) {
        return write(schema, value);
    }

    /**
     * The record of class {@code type} that {@code json} describes.
     *
     * @throws AvroJsonException listing every field that does not fit the schema
     */
    public static <T extends SpecificRecord> T fromJson(JsonNode json, Class<T> type) {
        return type.cast(fromJson(json, MODEL.getSchema(type)));
    }

    /**
     * The value of {@code schema} that {@code json} describes, as the generated classes hold it.
     *
     * @throws AvroJsonException listing every field that does not fit the schema
     */
    public static Object fromJson(JsonNode json, Schema schema) {
        Reader reader = new Reader();
        Object value = reader.read(schema, json == null ? NODES.missingNode() : json, "");
        if (!reader.errors.isEmpty()) {
            throw new AvroJsonException(reader.errors);
        }
        return value;
    }

    /** The name clients use to choose a record of a union: its simple name. */
    public static String typeName(Schema recordSchema) {
        return recordSchema.getName();
    }

    /** Whether {@code union} holds more than one record, so its JSON carries {@value #TYPE_PROPERTY}. */
    public static boolean isDiscriminated(Schema union) {
        return union.getType() == Schema.Type.UNION
                && union.getTypes().stream()
                                .filter(branch -> branch.getType() == Schema.Type.RECORD)
                                .count()
                        > 1;
    }

    private static SpecificData model() {
        // Initialising the serdes trusts the generated classes: Avro 1.12 refuses to instantiate
        // classes outside a trusted list, which building records and their defaults needs.
        SingleObjectAvroSerdes.instance();
        SpecificData model = new SpecificData(AvroJson.class.getClassLoader());
        model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
        model.addLogicalTypeConversion(new TimeConversions.DateConversion());
        return model;
    }

    // ---- writing

    private static JsonNode write(Schema schema, Object value) {
        return switch (schema.getType()) {
            case RECORD -> writeRecord(schema, (IndexedRecord) value);
            case UNION -> writeUnion(schema, value);
            case ENUM -> NODES.stringNode(value instanceof Enum<?> symbol ? symbol.name() : value.toString());
            case ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                for (Object item : (Iterable<?>) value) {
                    array.add(write(schema.getElementType(), item));
                }
                yield array;
            }
            case MAP -> {
                ObjectNode object = NODES.objectNode();
                ((Map<?, ?>) value)
                        .forEach((key, item) -> object.set(key.toString(), write(schema.getValueType(), item)));
                yield object;
            }
            case STRING -> NODES.stringNode(value.toString());
            case INT -> isDate(schema) ? NODES.stringNode(date(value).toString()) : NODES.numberNode((Integer) value);
            case LONG ->
                isTimestamp(schema)
                        ? NODES.stringNode(DateTimeFormatter.ISO_INSTANT.format(instant(value)))
                        : NODES.numberNode((Long) value);
            case FLOAT -> NODES.numberNode((Float) value);
            case DOUBLE -> NODES.numberNode((Double) value);
            case BOOLEAN -> NODES.booleanNode((Boolean) value);
            case BYTES -> NODES.stringNode(Base64.getEncoder().encodeToString(bytes((ByteBuffer) value)));
            case FIXED -> NODES.stringNode(Base64.getEncoder().encodeToString(((GenericFixed) value).bytes()));
            case NULL -> NODES.nullNode();
        };
    }

    private static ObjectNode writeRecord(Schema schema, IndexedRecord record) {
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
            object.set(field.name(), write(field.schema(), record.get(field.pos())));
        }
        return object;
    }

    private static JsonNode writeUnion(Schema union, Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        Schema branch = branchOf(union, value);
        JsonNode json = write(branch, value);
        if (branch.getType() == Schema.Type.RECORD && isDiscriminated(union)) {
            ObjectNode typed = NODES.objectNode();
            typed.put(TYPE_PROPERTY, typeName(branch));
            typed.setAll((ObjectNode) json);
            return typed;
        }
        return json;
    }

    private static Schema branchOf(Schema union, Object value) {
        if (value instanceof GenericContainer container) {
            Integer index = union.getIndexNamed(container.getSchema().getFullName());
            if (index != null) {
                return union.getTypes().get(index);
            }
        }
        List<Schema> nonNull = union.getTypes().stream()
                .filter(branch -> branch.getType() != Schema.Type.NULL)
                .toList();
        if (nonNull.size() == 1) {
            return nonNull.get(0);
        }
        return union.getTypes().get(MODEL.resolveUnion(union, value));
    }

    private static LocalDate date(Object value) {
        return value instanceof LocalDate date ? date : LocalDate.ofEpochDay((Integer) value);
    }

    private static Instant instant(Object value) {
        return value instanceof Instant instant ? instant : Instant.ofEpochMilli((Long) value);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static boolean isDate(Schema schema) {
        return schema.getLogicalType() instanceof LogicalTypes.Date;
    }

    private static boolean isTimestamp(Schema schema) {
        LogicalType type = schema.getLogicalType();
        return type instanceof LogicalTypes.TimestampMillis;
    }

    // ---- reading

    /** One reading pass: collects every problem instead of stopping at the first. */
    private static final class Reader {

        private final List<FieldError> errors = new ArrayList<>();

        Object read(Schema schema, JsonNode json, String path) {
            if (json.isMissingNode()) {
                return fail(path, "is required");
            }
            if (json.isNull() && schema.getType() != Schema.Type.NULL && schema.getType() != Schema.Type.UNION) {
                return fail(path, "must not be null");
            }
            return switch (schema.getType()) {
                case RECORD -> readRecord(schema, json, path, false);
                case UNION -> readUnion(schema, json, path);
                case ENUM -> readEnum(schema, json, path);
                case ARRAY -> readArray(schema, json, path);
                case MAP -> readMap(schema, json, path);
                case STRING -> json.isString() ? json.stringValue() : fail(path, "must be a string");
                case INT -> isDate(schema) ? readDate(json, path) : readInt(json, path);
                case LONG -> isTimestamp(schema) ? readInstant(json, path) : readLong(json, path);
                case FLOAT -> json.isNumber() ? (Object) json.floatValue() : fail(path, "must be a number");
                case DOUBLE -> json.isNumber() ? (Object) json.doubleValue() : fail(path, "must be a number");
                case BOOLEAN -> json.isBoolean() ? (Object) json.booleanValue() : fail(path, "must be true or false");
                case BYTES -> readBase64(json, path, bytes -> ByteBuffer.wrap(bytes));
                case FIXED ->
                    readBase64(json, path, bytes -> {
                        if (bytes.length != schema.getFixedSize()) {
                            return fail(path, "must be " + schema.getFixedSize() + " bytes");
                        }
                        return MODEL.createFixed(null, bytes, schema);
                    });
                case NULL -> json.isNull() ? null : fail(path, "must be null");
            };
        }

        private Object readRecord(Schema schema, JsonNode json, String path, boolean discriminated) {
            if (!json.isObject()) {
                return fail(path, "must be an object");
            }
            for (String name : json.propertyNames()) {
                if (schema.getField(name) == null && !(discriminated && TYPE_PROPERTY.equals(name))) {
                    fail(child(path, name), "is not a field of " + schema.getName());
                }
            }
            IndexedRecord record = (IndexedRecord) MODEL.newRecord(null, schema);
            for (Schema.Field field : schema.getFields()) {
                JsonNode value = json.get(field.name());
                if (value == null) {
                    if (field.hasDefaultValue()) {
                        record.put(field.pos(), MODEL.deepCopy(field.schema(), MODEL.getDefaultValue(field)));
                    } else {
                        fail(child(path, field.name()), "is required");
                    }
                    continue;
                }
                int before = errors.size();
                Object read = read(field.schema(), value, child(path, field.name()));
                if (errors.size() == before) {
                    record.put(field.pos(), read);
                }
            }
            return record;
        }

        private Object readUnion(Schema union, JsonNode json, String path) {
            if (json.isNull()) {
                return union.getTypes().stream().anyMatch(branch -> branch.getType() == Schema.Type.NULL)
                        ? null
                        : fail(path, "must not be null");
            }
            List<Schema> branches = union.getTypes().stream()
                    .filter(branch -> branch.getType() != Schema.Type.NULL)
                    .toList();
            if (branches.size() == 1) {
                return read(branches.get(0), json, path);
            }
            if (isDiscriminated(union)) {
                return readDiscriminated(union, json, path);
            }
            // A union of several non-record types: the first branch the JSON fits.
            for (Schema branch : branches) {
                Reader attempt = new Reader();
                Object value = attempt.read(branch, json, path);
                if (attempt.errors.isEmpty()) {
                    return value;
                }
            }
            return fail(
                    path,
                    "must be one of "
                            + branches.stream().map(Schema::getName).collect(Collectors.joining(", ", "[", "]")));
        }

        private Object readDiscriminated(Schema union, JsonNode json, String path) {
            List<Schema> records = union.getTypes().stream()
                    .filter(branch -> branch.getType() == Schema.Type.RECORD)
                    .toList();
            String choices = records.stream().map(AvroJson::typeName).collect(Collectors.joining(", ", "[", "]"));
            if (!json.isObject()) {
                return fail(path, "must be an object");
            }
            JsonNode type = json.get(TYPE_PROPERTY);
            if (type == null || type.isNull()) {
                return fail(child(path, TYPE_PROPERTY), "is required: one of " + choices);
            }
            for (Schema branch : records) {
                if (type.isString() && typeName(branch).equals(type.stringValue())) {
                    return readRecord(branch, json, path, true);
                }
            }
            return fail(child(path, TYPE_PROPERTY), "must be one of " + choices);
        }

        private Object readEnum(Schema schema, JsonNode json, String path) {
            if (json.isString() && schema.hasEnumSymbol(json.stringValue())) {
                return MODEL.createEnum(json.stringValue(), schema);
            }
            return fail(path, "must be one of " + schema.getEnumSymbols());
        }

        private Object readArray(Schema schema, JsonNode json, String path) {
            if (!json.isArray()) {
                return fail(path, "must be an array");
            }
            List<Object> items = new ArrayList<>(json.size());
            for (int i = 0; i < json.size(); i++) {
                items.add(read(schema.getElementType(), json.get(i), path + "[" + i + "]"));
            }
            return items;
        }

        private Object readMap(Schema schema, JsonNode json, String path) {
            if (!json.isObject()) {
                return fail(path, "must be an object");
            }
            Map<String, Object> entries = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : json.properties()) {
                entries.put(entry.getKey(), read(schema.getValueType(), entry.getValue(), child(path, entry.getKey())));
            }
            return entries;
        }

        private Object readInt(JsonNode json, String path) {
            if (json.isIntegralNumber() && json.canConvertToInt()) {
                return json.intValue();
            }
            return fail(path, json.isIntegralNumber() ? "is out of range" : "must be an integer");
        }

        private Object readLong(JsonNode json, String path) {
            if (json.isIntegralNumber() && json.canConvertToLong()) {
                return json.longValue();
            }
            return fail(path, json.isIntegralNumber() ? "is out of range" : "must be an integer");
        }

        private Object readInstant(JsonNode json, String path) {
            if (json.isString()) {
                try {
                    Instant instant = DateTimeFormatter.ISO_OFFSET_DATE_TIME
                            .parse(json.stringValue(), OffsetDateTime::from)
                            .toInstant()
                            .truncatedTo(ChronoUnit.MILLIS);
                    instant.toEpochMilli();
                    return instant;
                } catch (DateTimeException | ArithmeticException e) {
                    // reported below
                }
            }
            return fail(path, "must be an ISO-8601 instant such as 2026-03-01T10:00:00Z");
        }

        private Object readDate(JsonNode json, String path) {
            if (json.isString()) {
                try {
                    LocalDate date = LocalDate.parse(json.stringValue());
                    Math.toIntExact(date.toEpochDay());
                    return date;
                } catch (DateTimeException | ArithmeticException e) {
                    // reported below
                }
            }
            return fail(path, "must be an ISO date such as 2026-12-25");
        }

        private Object readBase64(JsonNode json, String path, java.util.function.Function<byte[], Object> wrap) {
            if (json.isString()) {
                try {
                    return wrap.apply(Base64.getDecoder().decode(json.stringValue()));
                } catch (IllegalArgumentException e) {
                    // reported below
                }
            }
            return fail(path, "must be base64 text");
        }

        private Object fail(String path, String message) {
            errors.add(new FieldError(path, message));
            return null;
        }

        private static String child(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }
    }
}
