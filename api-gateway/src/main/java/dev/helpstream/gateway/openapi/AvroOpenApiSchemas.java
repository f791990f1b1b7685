package dev.helpstream.gateway.openapi;

import dev.helpstream.gateway.json.AvroJson;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.JsonSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * OpenAPI 3.1 component schemas generated from the Avro schemas, describing the JSON that {@link
 * AvroJson} reads and writes, so the documentation cannot drift from the wire.
 *
 * <p>Every named Avro type (record, enum) becomes a component under its simple name, referenced by
 * {@code #/components/schemas/<Name>}. A record is an object whose required properties are its
 * fields without a default; {@code ["null", X]} is X or {@code null}; a union of several records is
 * a {@code oneOf} with the discriminator {@value AvroJson#TYPE_PROPERTY}, and each of those records
 * gets an optional {@code type} property holding its name; {@code timestamp-millis} is a {@code
 * date-time} string, {@code date} a {@code date} string, maps are objects with {@code
 * additionalProperties}; docs become descriptions and simple defaults become {@code default}.
 *
 * <p>Not thread-safe: build, then hand {@link #components()} over.
 */
public final class AvroOpenApiSchemas {

    /** Where component schemas are referenced from. */
    public static final String REF_PREFIX = "#/components/schemas/";

    private final Map<String, io.swagger.v3.oas.models.media.Schema<?>> components = new LinkedHashMap<>();
    private final Map<String, String> fullNames = new LinkedHashMap<>();
    private final Set<String> discriminated = new LinkedHashSet<>();

    /** Adds the schemas of these generated classes and every type they use. */
    @SafeVarargs
    public final AvroOpenApiSchemas add(Class<? extends SpecificRecord>... types) {
        for (Class<? extends SpecificRecord> type : types) {
            add(SpecificData.get().getSchema(type));
        }
        return this;
    }

    /** Adds a named Avro schema and every type it uses. */
    public AvroOpenApiSchemas add(Schema schema) {
        named(schema);
        return this;
    }

    /** The component schemas by name, in the order first met. */
    public Map<String, io.swagger.v3.oas.models.media.Schema<?>> components() {
        return components;
    }

    /** The reference to the component of a generated class, e.g. {@code #/components/schemas/Ticket}. */
    public static String ref(Class<? extends SpecificRecord> type) {
        return REF_PREFIX + SpecificData.get().getSchema(type).getName();
    }

    /** A {@code $ref} to a named type, creating its component on first use. */
    private io.swagger.v3.oas.models.media.Schema<?> named(Schema schema) {
        String name = schema.getName();
        String known = fullNames.putIfAbsent(name, schema.getFullName());
        if (known != null && !known.equals(schema.getFullName())) {
            throw new IllegalStateException(
                    "two Avro types share the name " + name + ": " + known + " and " + schema.getFullName());
        }
        if (known == null) {
            // Registered before its fields are built, so recursive types end in a reference.
            io.swagger.v3.oas.models.media.Schema<?> component = new JsonSchema();
            components.put(name, component);
            if (schema.getType() == Schema.Type.RECORD) {
                record(schema, component);
            } else if (schema.getType() == Schema.Type.ENUM) {
                enumeration(schema, component);
            } else {
                component.types(Set.of("string")).format("byte").description(schema.getDoc());
            }
        }
        return new JsonSchema().$ref(REF_PREFIX + name);
    }

    private void record(Schema schema, io.swagger.v3.oas.models.media.Schema<?> component) {
        component.types(Set.of("object")).description(schema.getDoc());
        List<String> required = new ArrayList<>();
        for (Schema.Field field : schema.getFields()) {
            io.swagger.v3.oas.models.media.Schema<?> property = describe(field.schema());
            if (field.doc() != null) {
                property.description(field.doc());
            }
            Object simpleDefault = simpleDefault(field);
            if (simpleDefault != null) {
                property.setDefault(simpleDefault);
            }
            component.addProperty(field.name(), property);
            if (!field.hasDefaultValue()) {
                required.add(field.name());
            }
        }
        if (!required.isEmpty()) {
            component.required(required);
        }
        if (discriminated.contains(schema.getName())) {
            addTypeProperty(schema.getName(), component);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void enumeration(Schema schema, io.swagger.v3.oas.models.media.Schema component) {
        component.types(Set.of("string")).description(schema.getDoc());
        component._enum(new ArrayList<>(schema.getEnumSymbols()));
    }

    private io.swagger.v3.oas.models.media.Schema<?> describe(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> named(schema);
            case UNION -> union(schema);
            case ARRAY -> new JsonSchema().types(Set.of("array")).items(describe(schema.getElementType()));
            case MAP -> new JsonSchema().types(Set.of("object")).additionalProperties(describe(schema.getValueType()));
            case STRING -> new JsonSchema().types(Set.of("string"));
            case INT ->
                schema.getLogicalType() instanceof LogicalTypes.Date
                        ? new JsonSchema().types(Set.of("string")).format("date")
                        : new JsonSchema().types(Set.of("integer")).format("int32");
            case LONG ->
                schema.getLogicalType() instanceof LogicalTypes.TimestampMillis
                        ? new JsonSchema().types(Set.of("string")).format("date-time")
                        : new JsonSchema().types(Set.of("integer")).format("int64");
            case FLOAT -> new JsonSchema().types(Set.of("number")).format("float");
            case DOUBLE -> new JsonSchema().types(Set.of("number")).format("double");
            case BOOLEAN -> new JsonSchema().types(Set.of("boolean"));
            case BYTES -> new JsonSchema().types(Set.of("string")).format("byte");
            case NULL -> new JsonSchema().types(Set.of("null"));
        };
    }

    private io.swagger.v3.oas.models.media.Schema<?> union(Schema union) {
        List<Schema> branches = union.getTypes().stream()
                .filter(branch -> branch.getType() != Schema.Type.NULL)
                .toList();
        boolean nullable = branches.size() < union.getTypes().size();
        io.swagger.v3.oas.models.media.Schema<?> value;
        if (AvroJson.isDiscriminated(union)) {
            Discriminator discriminator = new Discriminator().propertyName(AvroJson.TYPE_PROPERTY);
            List<io.swagger.v3.oas.models.media.Schema> choices = new ArrayList<>();
            for (Schema branch : branches) {
                markDiscriminated(branch);
                io.swagger.v3.oas.models.media.Schema<?> ref = describe(branch);
                choices.add(ref);
                discriminator.mapping(AvroJson.typeName(branch), ref.get$ref());
            }
            value = new JsonSchema().oneOf(choices).discriminator(discriminator);
        } else if (branches.size() == 1) {
            value = describe(branches.get(0));
        } else {
            List<io.swagger.v3.oas.models.media.Schema> choices = new ArrayList<>();
            branches.forEach(branch -> choices.add(describe(branch)));
            value = new JsonSchema().oneOf(choices);
        }
        if (!nullable) {
            return value;
        }
        if (value.get$ref() == null && value.getOneOf() == null && value.getTypes() != null) {
            Set<String> types = new LinkedHashSet<>(value.getTypes());
            types.add("null");
            return value.types(types);
        }
        List<io.swagger.v3.oas.models.media.Schema> orNull = new ArrayList<>();
        orNull.add(value);
        orNull.add(new JsonSchema().types(Set.of("null")));
        return new JsonSchema().oneOf(orNull);
    }

    /** A record that is one of several in a union carries its name as {@code type}. */
    private void markDiscriminated(Schema record) {
        if (discriminated.add(record.getName())) {
            io.swagger.v3.oas.models.media.Schema<?> built = components.get(record.getName());
            if (built != null) {
                addTypeProperty(record.getName(), built);
            }
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void addTypeProperty(String name, io.swagger.v3.oas.models.media.Schema<?> component) {
        io.swagger.v3.oas.models.media.Schema type = new JsonSchema()
                .types(Set.of("string"))
                .description("The record's name where it is one of several (a discriminated union).");
        type._enum(new ArrayList<>(List.of(name)));
        Map<String, io.swagger.v3.oas.models.media.Schema> properties = new LinkedHashMap<>();
        properties.put(AvroJson.TYPE_PROPERTY, type);
        if (component.getProperties() != null) {
            properties.putAll(component.getProperties());
        }
        ((io.swagger.v3.oas.models.media.Schema) component).setProperties(properties);
    }

    /** Defaults worth showing: numbers, booleans, strings, enum symbols and empty collections. */
    private static Object simpleDefault(Schema.Field field) {
        if (!field.hasDefaultValue()) {
            return null;
        }
        Object value = field.defaultVal();
        if (value == JsonProperties.NULL_VALUE) {
            return null;
        }
        if (value instanceof Number || value instanceof Boolean || value instanceof CharSequence) {
            return value;
        }
        if (value instanceof Collection<?> collection && collection.isEmpty()) {
            return List.of();
        }
        return null;
    }
}
