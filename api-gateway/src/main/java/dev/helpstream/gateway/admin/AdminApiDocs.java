package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.openapi.ApiDocs;
import dev.helpstream.gateway.openapi.AvroOpenApiSchemas;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Documents the admin API in the OpenAPI document: one path per collection (the controller serves
 * them all through {@code /{collection}}, which would document none of them well), each with the
 * payload schema generated from Avro, the envelope ({@code id}, {@code revision}, {@code
 * updatedAt}, {@code updatedBy}), {@code If-Match} and {@code ETag}, and the problem responses.
 * Agents and API keys get input and view schemas without their secrets.
 */
@Component
class AdminApiDocs implements OpenApiCustomizer {

    static final String TAG = "Admin";

    private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
    private static final String ENVELOPE = "AdminEnvelope";
    private static final String DELIVERY_ATTEMPT = "DeliveryAttempt";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.components(new Components());
        }
        Components components = openApi.getComponents();
        components.addSchemas(ENVELOPE, envelope());
        components.addSchemas("AgentInput", agentInput());
        components.addSchemas("AgentView", agentView());
        components.addSchemas("ApiKeyInput", apiKeyInput());
        components.addSchemas("ApiKeyView", apiKeyView());
        openApi.addTagsItem(new Tag()
                .name(TAG)
                .description("Configuration: admins, or API keys with config:read / config:write. Every write "
                        + "is answered once the gateway's view includes it."));
        openApi.path(
                AdminController.BASE,
                new PathItem()
                        .get(operation("admin.collections", "The collections with their counts")
                                .responses(responses("200", ok(collections())))));
        for (AdminCollection collection : AdminCollection.values()) {
            document(openApi, components, collection);
        }
        deliveries(openApi, components);
    }

    /** The delivery lists and the test event of a webhook ({@link DeliveryController}). */
    private static void deliveries(OpenAPI openApi, Components components) {
        components.addSchemas(DELIVERY_ATTEMPT, deliveryAttempt());
        String webhook = AdminController.BASE + "/" + AdminCollection.WEBHOOKS.segment() + "/{id}";
        openApi.path(
                webhook + "/deliveries",
                new PathItem()
                        .addParametersItem(idParameter())
                        .get(operation(
                                        "admin.webhooks.deliveries",
                                        "The webhook's recent delivery attempts, newest first")
                                .description("As the notifier reported them on notifications.deliveries.v1, one per "
                                        + "attempt outcome; caughtUp is false while the gateway still reads the "
                                        + "attempts made before it started.")
                                .addParametersItem(limitParameter())
                                .responses(responses("200", ok(attempts("webhookId")))
                                        .addApiResponse("404", problem(ApiDocs.NOT_FOUND))
                                        .addApiResponse("503", problem(ApiDocs.SERVICE_UNAVAILABLE)))));
        openApi.path(
                webhook + "/test",
                new PathItem()
                        .addParametersItem(idParameter())
                        .post(operation("admin.webhooks.test", "Send the webhook a test event")
                                .description("The notifier sends it, signed like every delivery, with the requestId "
                                        + "as its event id; its attempts appear in the deliveries list at Location. "
                                        + "409 if the webhook is disabled.")
                                .responses(responses(
                                                "202",
                                                new ApiResponse()
                                                        .description("Asked; the notifier sends it.")
                                                        .addHeaderObject(
                                                                "Location",
                                                                new Header()
                                                                        .description("The webhook's deliveries list.")
                                                                        .schema(string()))
                                                        .content(new Content()
                                                                .addMediaType(
                                                                        JSON,
                                                                        new MediaType()
                                                                                .schema(new JsonSchema()
                                                                                        .types(Set.of("object"))
                                                                                        .addProperty(
                                                                                                "requestId", string())
                                                                                        .required(List.of(
                                                                                                "requestId"))))))
                                        .addApiResponse("404", problem(ApiDocs.NOT_FOUND))
                                        .addApiResponse("409", problem(ApiDocs.CONFLICT))
                                        .addApiResponse("503", problem(ApiDocs.SERVICE_UNAVAILABLE)))));
        openApi.path(
                AdminController.BASE + "/deliveries",
                new PathItem()
                        .get(operation(
                                        "admin.deliveries.emails",
                                        "The recent attempts to email about a ticket, newest first")
                                .addParametersItem(new Parameter()
                                        .name("ticketId")
                                        .in("query")
                                        .required(true)
                                        .schema(string()))
                                .addParametersItem(limitParameter())
                                .responses(responses("200", ok(attempts("ticketId")))
                                        .addApiResponse("503", problem(ApiDocs.SERVICE_UNAVAILABLE)))));
    }

    private static Schema<?> deliveryAttempt() {
        JsonSchema status = new JsonSchema();
        status.types(Set.of("string"));
        status._enum(new ArrayList<Object>(
                dev.helpstream.schema.DeliveryStatus.getClassSchema().getEnumSymbols()));
        return new JsonSchema()
                .types(Set.of("object"))
                .description("One attempt to deliver a notification, as the notifier reported it.")
                .addProperty("deliveryId", string().description("The delivery: one email or one webhook call."))
                .addProperty("eventId", string().description("The event it notifies of; the idempotency key."))
                .addProperty("eventType", nullable("string").description("Webhook event type or email kind."))
                .addProperty("status", status)
                .addProperty(
                        "attempt", new JsonSchema().types(Set.of("integer")).minimum(java.math.BigDecimal.ONE))
                .addProperty("httpStatus", nullable("integer").description("The webhook's answer, if one came."))
                .addProperty("error", nullable("string").description("Why the attempt failed."))
                .addProperty(
                        "durationMillis",
                        new JsonSchema().types(Set.of("integer")).format("int64"))
                .addProperty(
                        "at",
                        new JsonSchema()
                                .types(Set.of("string"))
                                .format("date-time")
                                .description("When the attempt ended."))
                .required(List.of(
                        "deliveryId",
                        "eventId",
                        "eventType",
                        "status",
                        "attempt",
                        "httpStatus",
                        "error",
                        "durationMillis",
                        "at"));
    }

    private static Schema<?> attempts(String keyField) {
        return new JsonSchema()
                .types(Set.of("object"))
                .addProperty(keyField, string())
                .addProperty(
                        "caughtUp",
                        new JsonSchema()
                                .types(Set.of("boolean"))
                                .description("Whether the attempts made before the gateway started are all read."))
                .addProperty("items", new JsonSchema().types(Set.of("array")).items(ref(DELIVERY_ATTEMPT)))
                .required(List.of(keyField, "caughtUp", "items"));
    }

    private static Parameter idParameter() {
        return new Parameter().name("id").in("path").required(true).schema(string());
    }

    private static Parameter limitParameter() {
        return new Parameter()
                .name("limit")
                .in("query")
                .required(false)
                .schema(new JsonSchema()
                        .types(Set.of("integer"))
                        .minimum(java.math.BigDecimal.ONE)
                        .maximum(java.math.BigDecimal.valueOf(DeliveryController.MAX_LIMIT))
                        ._default(DeliveryController.DEFAULT_LIMIT));
    }

    private static Schema<?> string() {
        return new JsonSchema().types(Set.of("string"));
    }

    private static Schema<?> nullable(String type) {
        return new JsonSchema().types(Set.of(type, "null"));
    }

    private static void document(OpenAPI openApi, Components components, AdminCollection collection) {
        String name = collection.payloadType().getSimpleName();
        String view = "Admin" + name;
        components.addSchemas(
                view,
                new JsonSchema()
                        .allOf(List.of(ref(ENVELOPE), ref(viewOf(collection))))
                        .description("A " + AdminValidator.label(collection.type()) + " as the admin API shows it."));
        String base = AdminController.BASE + "/" + collection.segment();
        String id = "admin." + camel(collection.segment());
        Schema<?> input = ref(inputOf(collection));
        if (collection.singleton()) {
            openApi.path(
                    base,
                    new PathItem()
                            .get(operation(
                                            id + ".get",
                                            "The helpdesk settings (the defaults at revision 0 until saved)")
                                    .responses(responses("200", ok(ref(view)))))
                            .put(operation(id + ".put", "Replace the helpdesk settings")
                                    .addParametersItem(ifMatch())
                                    .requestBody(body(input))
                                    .responses(writeResponses(ref(view)))));
            return;
        }
        openApi.path(
                base,
                new PathItem()
                        .get(operation(id + ".list", "Every " + AdminValidator.label(collection.type()) + ", by id")
                                .responses(responses("200", ok(list(ref(view))))))
                        .post(operation(
                                        id + ".create",
                                        "Create a " + AdminValidator.label(collection.type())
                                                + " (id from the body, or derived from its name)")
                                .requestBody(body(withId(input)))
                                .responses(responses("201", created(ref(view)))
                                        .addApiResponse("409", problem(ApiDocs.CONFLICT))
                                        .addApiResponse("422", problem(ApiDocs.UNPROCESSABLE))
                                        .addApiResponse("503", problem(ApiDocs.SERVICE_UNAVAILABLE)))));
        openApi.path(
                base + "/{id}",
                new PathItem()
                        .addParametersItem(new Parameter()
                                .name("id")
                                .in("path")
                                .required(true)
                                .schema(new JsonSchema().types(Set.of("string"))))
                        .get(operation(id + ".get", "One " + AdminValidator.label(collection.type()))
                                .responses(responses("200", ok(ref(view)))
                                        .addApiResponse("404", problem(ApiDocs.NOT_FOUND))))
                        .put(operation(id + ".put", "Create or replace it")
                                .addParametersItem(ifMatch())
                                .requestBody(body(input))
                                .responses(writeResponses(ref(view)).addApiResponse("201", created(ref(view)))))
                        .delete(operation(id + ".delete", "Delete it (refused while others refer to it)")
                                .addParametersItem(ifMatch())
                                .responses(responses("204", new ApiResponse().description("Deleted."))
                                        .addApiResponse("404", problem(ApiDocs.NOT_FOUND))
                                        .addApiResponse("409", problem(ApiDocs.CONFLICT))
                                        .addApiResponse("412", problem(ApiDocs.PRECONDITION_FAILED))
                                        .addApiResponse("503", problem(ApiDocs.SERVICE_UNAVAILABLE)))));
    }

    private static String viewOf(AdminCollection collection) {
        return switch (collection) {
            case AGENTS -> "AgentView";
            case API_KEYS -> "ApiKeyView";
            default -> collection.payloadType().getSimpleName();
        };
    }

    private static String inputOf(AdminCollection collection) {
        return switch (collection) {
            case AGENTS -> "AgentInput";
            case API_KEYS -> "ApiKeyInput";
            default -> collection.payloadType().getSimpleName();
        };
    }

    private static Operation operation(String id, String summary) {
        return new Operation().operationId(id).summary(summary).addTagsItem(TAG);
    }

    /** The answers every admin operation may give, after its {@code success}. */
    private static ApiResponses responses(String status, ApiResponse success) {
        ApiResponses responses = new ApiResponses();
        responses.addApiResponse(status, success);
        responses.addApiResponse("400", problem(ApiDocs.BAD_REQUEST));
        responses.addApiResponse("401", problem(ApiDocs.UNAUTHORIZED));
        responses.addApiResponse("403", problem(ApiDocs.FORBIDDEN));
        return responses;
    }

    private static ApiResponses writeResponses(Schema<?> view) {
        return responses("200", ok(view))
                .addApiResponse("412", problem(ApiDocs.PRECONDITION_FAILED))
                .addApiResponse("422", problem(ApiDocs.UNPROCESSABLE))
                .addApiResponse("503", problem(ApiDocs.SERVICE_UNAVAILABLE));
    }

    private static ApiResponse ok(Schema<?> schema) {
        return new ApiResponse()
                .description("OK; ETag is the revision.")
                .addHeaderObject("ETag", new Header().schema(new JsonSchema().types(Set.of("string"))))
                .content(new Content().addMediaType(JSON, new MediaType().schema(schema)));
    }

    private static ApiResponse created(Schema<?> schema) {
        return new ApiResponse()
                .description("Created at Location; ETag is the revision (\"1\").")
                .addHeaderObject("Location", new Header().schema(new JsonSchema().types(Set.of("string"))))
                .addHeaderObject("ETag", new Header().schema(new JsonSchema().types(Set.of("string"))))
                .content(new Content().addMediaType(JSON, new MediaType().schema(schema)));
    }

    private static ApiResponse problem(String ref) {
        return new ApiResponse().$ref(ref);
    }

    private static RequestBody body(Schema<?> schema) {
        return new RequestBody()
                .required(true)
                .content(new Content().addMediaType(JSON, new MediaType().schema(schema)));
    }

    private static Parameter ifMatch() {
        return new Parameter()
                .name("If-Match")
                .in("header")
                .required(false)
                .description("\"<revision>\" as the ETag gave it: refused with 412 if the entity changed since. "
                        + "\"0\" creates only if absent; * requires it to exist.")
                .schema(new JsonSchema().types(Set.of("string")));
    }

    private static Schema<?> withId(Schema<?> payload) {
        return new JsonSchema()
                .allOf(List.of(
                        new JsonSchema()
                                .types(Set.of("object"))
                                .addProperty(
                                        AdminBodies.ID,
                                        new JsonSchema()
                                                .types(Set.of("string"))
                                                .pattern(AdminBodies.ID_PATTERN.pattern())
                                                .description("The new entity's id; derived from its name when left "
                                                        + "out.")),
                        payload));
    }

    private static Schema<?> list(Schema<?> item) {
        return new JsonSchema()
                .types(Set.of("object"))
                .addProperty("items", new JsonSchema().types(Set.of("array")).items(item))
                .required(List.of("items"));
    }

    private static Schema<?> collections() {
        Schema<?> entry = new JsonSchema()
                .types(Set.of("object"))
                .addProperty("name", new JsonSchema().types(Set.of("string")))
                .addProperty("entityType", new JsonSchema().types(Set.of("string")))
                .addProperty("count", new JsonSchema().types(Set.of("integer")))
                .addProperty("href", new JsonSchema().types(Set.of("string")));
        return new JsonSchema()
                .types(Set.of("object"))
                .addProperty(
                        "collections", new JsonSchema().types(Set.of("array")).items(entry));
    }

    private static Schema<?> envelope() {
        return new JsonSchema()
                .types(Set.of("object"))
                .description("What the admin API adds to every entity; ignored in request bodies.")
                .addProperty(AdminBodies.ID, new JsonSchema().types(Set.of("string")))
                .addProperty(
                        AdminBodies.REVISION,
                        new JsonSchema()
                                .types(Set.of("integer"))
                                .format("int64")
                                .description("1 when created, +1 per change; the ETag."))
                .addProperty(
                        AdminBodies.UPDATED_AT,
                        new JsonSchema().types(Set.of("string", "null")).format("date-time"))
                .addProperty(AdminBodies.UPDATED_BY, ref("Actor"))
                .required(List.of(AdminBodies.ID, AdminBodies.REVISION));
    }

    private static Schema<?> agentInput() {
        Schema<?> schema = without(generated(dev.helpstream.schema.config.Agent.class), "passwordHash");
        return schema.addProperty(
                AdminBodies.PASSWORD,
                new JsonSchema()
                        .types(Set.of("string", "null"))
                        .writeOnly(true)
                        .minLength(AdminBodies.MIN_PASSWORD_LENGTH)
                        .description("A new password, stored as a BCrypt hash; left out keeps the current one, null "
                                + "removes it."));
    }

    private static Schema<?> agentView() {
        Schema<?> schema = without(generated(dev.helpstream.schema.config.Agent.class), "passwordHash");
        return schema.addProperty(
                AdminBodies.PASSWORD_SET,
                new JsonSchema().types(Set.of("boolean")).description("Whether the agent has a password."));
    }

    private static Schema<?> apiKeyInput() {
        return without(generated(dev.helpstream.schema.config.ApiKey.class), "keyHash", "keyPrefix");
    }

    private static Schema<?> apiKeyView() {
        Schema<?> schema = without(generated(dev.helpstream.schema.config.ApiKey.class), "keyHash");
        return schema.addProperty(
                AdminBodies.KEY,
                new JsonSchema()
                        .types(Set.of("string"))
                        .description(
                                "The key itself: only in the answer to the request that created it, never again."));
    }

    private static Schema<?> generated(Class<? extends org.apache.avro.specific.SpecificRecord> type) {
        return new AvroOpenApiSchemas().add(type).components().get(type.getSimpleName());
    }

    private static Schema<?> without(Schema<?> schema, String... fields) {
        for (String field : fields) {
            schema.getProperties().remove(field);
            if (schema.getRequired() != null) {
                List<String> required = new ArrayList<>(schema.getRequired());
                required.remove(field);
                schema.setRequired(required.isEmpty() ? null : required);
            }
        }
        return schema;
    }

    private static Schema<?> ref(String component) {
        return new JsonSchema().$ref(AvroOpenApiSchemas.REF_PREFIX + component);
    }

    /** "canned-responses" → "cannedResponses", for operation ids. */
    private static String camel(String segment) {
        StringBuilder camel = new StringBuilder();
        for (String part : segment.split("-")) {
            camel.append(
                    camel.length() == 0 ? part : part.substring(0, 1).toUpperCase(Locale.ROOT) + part.substring(1));
        }
        return camel.toString();
    }
}
