package dev.helpstream.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.OwnBrokerGateway;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document and Swagger UI of the gateway as {@code main} starts it, anonymous, on a
 * real broker of its own (the gateway reads the fixed {@code helpdesk.config.v1}, which {@code
 * ApiGatewayIT} needs empty on the shared test broker).
 */
class OpenApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static OwnBrokerGateway stack;
    private static ConfigurableApplicationContext gateway;
    private static WebTestClient http;
    private static JsonNode document;

    @BeforeAll
    static void start() throws IOException {
        stack = OwnBrokerGateway.withBroker("helpstream-openapi-it");
        gateway = stack.startGateway();
        http = stack.http();
        document = http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    @AfterAll
    static void stop() throws IOException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldDescribeTheApiWithBothWaysToAuthenticate() {
        assertThat(document.get("openapi").stringValue()).startsWith("3.1");
        assertThat(document.get("info").get("title").stringValue()).isEqualTo("Helpstream API");
        assertThat(document.get("info").get("version").stringValue()).isEqualTo("v1");
        JsonNode schemes = document.get("components").get("securitySchemes");
        assertThat(schemes.get("bearer").get("type").stringValue()).isEqualTo("http");
        assertThat(schemes.get("bearer").get("scheme").stringValue()).isEqualTo("bearer");
        assertThat(schemes.get("bearer").get("bearerFormat").stringValue()).isEqualTo("JWT");
        assertThat(schemes.get("apiKey").get("type").stringValue()).isEqualTo("apiKey");
        assertThat(schemes.get("apiKey").get("in").stringValue()).isEqualTo("header");
        assertThat(schemes.get("apiKey").get("name").stringValue()).isEqualTo("X-Api-Key");
    }

    @Test
    void shouldDocumentTheTicketSchemaFromItsAvroSchema() {
        JsonNode ticket = schema("Ticket");

        assertThat(ticket.get("type").stringValue()).isEqualTo("object");
        assertThat(ticket.get("properties").propertyNames())
                .startsWith("ticketId", "number", "version", "subject", "customer", "cc", "channel")
                .contains("createdAt", "tags", "timeSpentByAgent", "language");
        assertThat(strings(ticket.get("required")))
                .containsExactlyInAnyOrder(
                        "ticketId",
                        "number",
                        "version",
                        "subject",
                        "customer",
                        "channel",
                        "departmentId",
                        "priorityId",
                        "statusId",
                        "lifecycle",
                        "createdAt",
                        "updatedAt");
        JsonNode properties = ticket.get("properties");
        assertThat(properties.get("createdAt").get("format").stringValue()).isEqualTo("date-time");
        assertThat(properties.get("customer").get("$ref").stringValue()).isEqualTo("#/components/schemas/Contact");
        assertThat(strings(properties.get("serviceId").get("type"))).containsExactlyInAnyOrder("string", "null");
        assertThat(properties.get("tags").get("items").get("type").stringValue())
                .isEqualTo("string");
        assertThat(properties
                        .get("timeSpentByAgent")
                        .get("additionalProperties")
                        .get("format")
                        .stringValue())
                .isEqualTo("int64");
        assertThat(strings(schema("LifecycleState").get("enum")))
                .containsExactly("NEW", "OPEN", "WAITING_ON_CUSTOMER", "RESOLVED", "CLOSED");
    }

    @Test
    void shouldDocumentTheEventPayloadsAsADiscriminatedUnion() {
        JsonNode payload = schema("TicketEvent").get("properties").get("payload");

        assertThat(payload.get("discriminator").get("propertyName").stringValue())
                .isEqualTo("type");
        assertThat(payload.get("discriminator")
                        .get("mapping")
                        .get("MessageAdded")
                        .stringValue())
                .isEqualTo("#/components/schemas/MessageAdded");
        assertThat(payload.get("oneOf").size()).isEqualTo(28);
        assertThat(strings(schema("MessageAdded").get("properties").get("type").get("enum")))
                .containsExactly("MessageAdded");
        assertThat(schema("Holiday").get("properties").get("date").get("format").stringValue())
                .isEqualTo("date");
        for (String payloadType : List.of(
                "Department",
                "Service",
                "Agent",
                "Filter",
                "SlaPolicy",
                "BusinessCalendar",
                "CannedResponse",
                "Priority",
                "Category",
                "TicketType",
                "Status",
                "HelpdeskSettings",
                "Webhook",
                "ApiKey",
                "EmailTemplate",
                "SupportAddress")) {
            assertThat(schema(payloadType).get("type").stringValue())
                    .as(payloadType)
                    .isEqualTo("object");
        }
    }

    @Test
    void shouldDocumentEveryAdminCollectionWithItsErrorsAsProblems() {
        JsonNode paths = document.get("paths");
        for (String collection : List.of(
                "departments",
                "services",
                "agents",
                "filters",
                "canned-responses",
                "priorities",
                "categories",
                "statuses",
                "ticket-types",
                "webhooks",
                "sla-policies",
                "business-calendars",
                "email-templates",
                "support-addresses",
                "api-keys")) {
            JsonNode list = paths.get("/api/v1/admin/" + collection);
            JsonNode one = paths.get("/api/v1/admin/" + collection + "/{id}");
            assertThat(list.propertyNames()).as(collection).containsExactlyInAnyOrder("get", "post");
            assertThat(one.propertyNames()).as(collection).contains("get", "put", "delete");
            assertThat(list.get("post").get("responses").propertyNames())
                    .as(collection)
                    .containsExactlyInAnyOrder("201", "400", "401", "403", "409", "422", "503");
            assertThat(one.get("put").get("responses").propertyNames())
                    .as(collection)
                    .containsExactlyInAnyOrder("200", "201", "400", "401", "403", "412", "422", "503");
            assertThat(one.get("delete").get("responses").propertyNames())
                    .as(collection)
                    .containsExactlyInAnyOrder("204", "400", "401", "403", "404", "409", "412", "503");
        }
        assertThat(paths.get("/api/v1/admin/settings").propertyNames()).containsExactlyInAnyOrder("get", "put");
        assertThat(paths.has("/api/v1/admin/{collection}")).isFalse();
        assertThat(paths.get("/api/v1/admin/departments")
                        .get("post")
                        .get("responses")
                        .get("422")
                        .get("$ref")
                        .stringValue())
                .isEqualTo("#/components/responses/UnprocessableContent");
        JsonNode unprocessable = document.get("components").get("responses").get("UnprocessableContent");
        assertThat(unprocessable
                        .get("content")
                        .get("application/problem+json")
                        .get("schema")
                        .get("$ref")
                        .stringValue())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(schema("Problem").get("properties").propertyNames())
                .containsExactly("type", "title", "status", "detail", "instance", "errors");
        assertThat(schema("AgentInput").get("properties").has("passwordHash")).isFalse();
        assertThat(schema("AgentInput").get("properties").has("password")).isTrue();
        assertThat(schema("ApiKeyView").get("properties").has("keyHash")).isFalse();
    }

    @Test
    void shouldDocumentTheDeliveryListsAndTheWebhookTestEventWithTheirProblems() {
        JsonNode paths = document.get("paths");
        JsonNode webhookDeliveries = paths.get("/api/v1/admin/webhooks/{id}/deliveries");
        JsonNode test = paths.get("/api/v1/admin/webhooks/{id}/test");
        JsonNode emailDeliveries = paths.get("/api/v1/admin/deliveries");

        assertThat(webhookDeliveries.propertyNames()).containsExactlyInAnyOrder("parameters", "get");
        assertThat(webhookDeliveries.get("get").get("responses").propertyNames())
                .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "503");
        assertThat(test.propertyNames()).containsExactlyInAnyOrder("parameters", "post");
        assertThat(test.get("post").get("responses").propertyNames())
                .containsExactlyInAnyOrder("202", "400", "401", "403", "404", "409", "503");
        assertThat(test.get("post").get("responses").get("409").get("$ref").stringValue())
                .isEqualTo("#/components/responses/Conflict");
        assertThat(emailDeliveries.propertyNames()).containsExactly("get");
        assertThat(emailDeliveries.get("get").get("responses").propertyNames())
                .containsExactlyInAnyOrder("200", "400", "401", "403", "503");
        assertThat(schema("DeliveryAttempt").get("properties").propertyNames())
                .containsExactly(
                        "deliveryId",
                        "eventId",
                        "eventType",
                        "status",
                        "attempt",
                        "httpStatus",
                        "error",
                        "durationMillis",
                        "at");
        assertThat(strings(schema("DeliveryAttempt")
                        .get("properties")
                        .get("status")
                        .get("enum")))
                .containsExactly("DELIVERED", "RETRYING", "DEAD_LETTERED", "SKIPPED", "UNKNOWN");
    }

    @Test
    void shouldDocumentTheTicketCommandsWithTheTicketTheyAnswerAndTheirErrors() {
        JsonNode paths = document.get("paths");
        JsonNode reply = paths.get("/api/v1/staff/tickets/{ticketId}/replies").get("post");
        assertThat(reply.get("responses").propertyNames())
                .containsExactlyInAnyOrder("200", "400", "401", "403", "404", "409", "410", "422", "504");
        assertThat(reply.get("responses")
                        .get("200")
                        .get("content")
                        .get("application/json")
                        .get("schema")
                        .get("$ref")
                        .stringValue())
                .isEqualTo("#/components/schemas/Ticket");
        assertThat(paths.get("/api/v1/staff/views/{view}")
                        .get("get")
                        .get("responses")
                        .propertyNames())
                .containsExactlyInAnyOrder("200", "401", "403");
        assertThat(paths.get("/api/v1/portal/tickets/{ticketId}/reopen")
                        .get("post")
                        .get("responses")
                        .propertyNames())
                .contains("404", "409", "504");
    }

    @Test
    void shouldServeSwaggerUiToAnonymousVisitors() {
        String location = http.get()
                .uri("/swagger-ui.html")
                .exchange()
                .expectStatus()
                .is3xxRedirection()
                .returnResult(Void.class)
                .getResponseHeaders()
                .getFirst(HttpHeaders.LOCATION);

        http.get()
                .uri(location)
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class)
                .value(page -> assertThat(page).contains("swagger-ui"));
    }

    @Test
    void shouldAnswerAPathNothingServesWithAProblem() {
        http.get()
                .uri("/no-such-page")
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.instance")
                .isEqualTo("/no-such-page");
    }

    private static JsonNode schema(String name) {
        JsonNode schema = document.get("components").get("schemas").get(name);
        assertThat(schema).as(name).isNotNull();
        return schema;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.stringValue()));
        return values;
    }
}
