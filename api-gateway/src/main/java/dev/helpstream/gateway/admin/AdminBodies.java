package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.json.AvroJson;
import dev.helpstream.gateway.json.AvroJsonException;
import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.ids.ConfigKeys;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The admin API's JSON: an entity is {@code {"id", "revision", "updatedAt", "updatedBy", ...payload
 * fields}} with its secrets left out, and a request body is the payload's fields, optionally with
 * {@code id}. The envelope fields of a body are ignored, so what a GET returned can be PUT back.
 *
 * <p>Secrets are write-only: an agent's {@code password} is accepted (and hashed by the service),
 * its {@code passwordHash} never returned (only {@code passwordSet}); an API key's {@code keyHash}
 * and {@code keyPrefix} are the server's, and the key itself is returned once, as {@code key}, by
 * the request that creates it.
 */
final class AdminBodies {

    static final String ID = "id";
    static final String REVISION = "revision";
    static final String UPDATED_AT = "updatedAt";
    static final String UPDATED_BY = "updatedBy";
    static final String PASSWORD = "password";
    static final String PASSWORD_SET = "passwordSet";
    static final String KEY = "key";

    /** Ids: what the config topic key allows, and safe in a URL path segment. */
    static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");

    static final int MIN_PASSWORD_LENGTH = 8;

    /** BCrypt reads no more than 72 bytes; a longer password would be silently cut. */
    static final int MAX_PASSWORD_BYTES = 72;

    /** Stands in for the required {@code keyHash} while reading; the service sets the real one. */
    private static final String KEY_HASH_PLACEHOLDER = "-";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AdminBodies() {}

    /**
     * What a request body asks to store.
     *
     * @param payload the entity's payload (for API keys with a placeholder hash)
     * @param requestedId the body's {@code id}, or null
     * @param password the new plain password of an agent, or null to keep the current one
     * @param clearPassword whether an agent's password is removed ({@code "password": null})
     */
    record Draft(SpecificRecord payload, String requestedId, String password, boolean clearPassword) {}

    /**
     * The draft a body describes.
     *
     * @throws AvroJsonException listing every field that is wrong
     */
    static Draft read(AdminCollection collection, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new AvroJsonException(List.of(new FieldError("", "must be an object")));
        }
        ObjectNode fields = ((ObjectNode) body).deepCopy();
        List<FieldError> errors = new ArrayList<>();
        String requestedId = null;
        JsonNode id = fields.remove(ID);
        if (id != null && !id.isNull()) {
            if (!id.isString()) {
                errors.add(new FieldError(ID, "must be a string"));
            } else {
                requestedId = id.stringValue();
                if (!ID_PATTERN.matcher(requestedId).matches()) {
                    errors.add(idError());
                }
            }
        }
        fields.remove(List.of(REVISION, UPDATED_AT, UPDATED_BY));
        String password = null;
        boolean clearPassword = false;
        if (collection == AdminCollection.AGENTS) {
            fields.remove(PASSWORD_SET);
            refuse(fields, "passwordHash", "cannot be set: send password, which is stored hashed", errors);
            JsonNode given = fields.remove(PASSWORD);
            if (given != null && given.isNull()) {
                clearPassword = true;
            } else if (given != null && !given.isString()) {
                errors.add(new FieldError(PASSWORD, "must be a string"));
            } else if (given != null) {
                password = given.stringValue();
                if (password.length() < MIN_PASSWORD_LENGTH) {
                    errors.add(new FieldError(PASSWORD, "must have at least " + MIN_PASSWORD_LENGTH + " characters"));
                } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
                    errors.add(new FieldError(PASSWORD, "must be at most " + MAX_PASSWORD_BYTES + " bytes long"));
                }
            }
        }
        if (collection == AdminCollection.API_KEYS) {
            fields.remove(List.of("keyPrefix", KEY));
            refuse(fields, "keyHash", "is set by the server, which generates the key", errors);
            fields.put("keyHash", KEY_HASH_PLACEHOLDER);
        }
        SpecificRecord payload = null;
        try {
            payload = AvroJson.fromJson(fields, collection.payloadType());
        } catch (AvroJsonException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            throw new AvroJsonException(errors);
        }
        return new Draft(payload, requestedId, password, clearPassword);
    }

    static FieldError idError() {
        return new FieldError(ID, "must be 1 to 128 letters, digits and . _ @ + - starting with a letter or digit");
    }

    /** The entity as the admin API shows it. */
    static ObjectNode render(AdminCollection collection, ConfigEntity entity) {
        ObjectNode json = NODES.objectNode();
        json.put(ID, entity.getId());
        json.put(REVISION, entity.getRevision());
        json.put(UPDATED_AT, DateTimeFormatter.ISO_INSTANT.format(entity.getUpdatedAt()));
        json.set(UPDATED_BY, AvroJson.toJson(entity.getUpdatedBy()));
        SpecificRecord payload = (SpecificRecord) entity.getPayload();
        json.setAll(AvroJson.toJson(payload, collection.secretFields()));
        if (payload instanceof Agent agent) {
            json.put(PASSWORD_SET, agent.getPasswordHash() != null);
        }
        return json;
    }

    /** The settings before an admin saved any: the schema's defaults at revision 0. */
    static ObjectNode defaultSettings() {
        ObjectNode json = NODES.objectNode();
        json.put(ID, ConfigKeys.SETTINGS_ID);
        json.put(REVISION, 0L);
        json.putNull(UPDATED_AT);
        json.putNull(UPDATED_BY);
        json.setAll(AvroJson.toJson(HelpdeskSettings.newBuilder().build()));
        return json;
    }

    private static void refuse(ObjectNode fields, String field, String message, List<FieldError> errors) {
        if (fields.remove(field) != null) {
            errors.add(new FieldError(field, message));
        }
    }
}
