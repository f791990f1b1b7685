package dev.helpstream.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.gateway.OwnBrokerGateway;
import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.DeliveryChannel;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.DeliveryStatus;
import dev.helpstream.schema.WebhookTestRequest;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.topic.Topics;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The admin API in the gateway as {@code main} starts it, with the demo configuration, on a real
 * broker of its own (the gateway reads the fixed {@code helpdesk.config.v1}, which {@code
 * ApiGatewayIT} needs empty on the shared test broker): through the real security chain, with a
 * real login, and checked on the topic by a reader that is not the gateway.
 */
class AdminApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String BASE = "/api/v1/admin";

    private static OwnBrokerGateway stack;
    private static EmbeddedKafkaCluster broker;
    private static ConfigurableApplicationContext gateway;
    private static WebTestClient http;
    private static String adminToken;

    @BeforeAll
    static void start() throws IOException {
        stack = OwnBrokerGateway.withBroker("helpstream-admin-it");
        broker = stack.broker();
        gateway = stack.startGateway(
                "--helpstream.demo.enabled=true",
                "--helpstream.security.token-secret=admin-it-token-secret-of-at-least-32-bytes",
                "--helpstream.security.customer-link-secret=admin-it-link-secret-of-at-least-32-bytes");
        http = stack.http();
        adminToken = login("admin", "demo");
    }

    @AfterAll
    static void stop() throws IOException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldListACreatedDepartmentRightAfterThePostAndWriteItToTheConfigTopic() {
        http.post()
                .uri(BASE + "/departments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Network operations\",\"email\":\"noc@helpdesk.test\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueEquals(HttpHeaders.ETAG, "\"1\"");

        // No waiting: the POST was answered only once the gateway's view had the department.
        JsonNode list = http.get()
                .uri(BASE + "/departments")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
        assertThat(list.get("items").valueStream().map(item -> item.get("id").stringValue()))
                .containsExactly("billing", "network-operations", "sales", "support");

        List<ConsumerRecord<String, ConfigEntity>> records = ClusterProbe.readCommitted(
                broker.bootstrapServers(),
                Topics.CONFIG.name(),
                Topics.CONFIG.keySerde().deserializer(),
                Topics.CONFIG.valueSerde().deserializer(),
                TIMEOUT);
        ConsumerRecord<String, ConfigEntity> written = records.stream()
                .filter(record -> record.key().equals("DEPARTMENT:network-operations"))
                .findFirst()
                .orElseThrow();
        assertThat(written.value().getRevision()).isEqualTo(1);
        assertThat(written.value().getUpdatedBy().getKind()).isEqualTo(ActorKind.ADMIN);
        assertThat(written.value().getUpdatedBy().getId()).isEqualTo("admin");
        assertThat(written.value().getPayload())
                .isEqualTo(Department.newBuilder()
                        .setName("Network operations")
                        .setEmail("noc@helpdesk.test")
                        .build());
    }

    @Test
    void shouldLetACreatedAgentLogInWithThePasswordGivenToTheAdminApi() {
        http.post()
                .uri(BASE + "/agents")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"dora\",\"displayName\":\"Dora\",\"email\":\"dora@helpdesk.test\","
                        + "\"departmentIds\":[\"support\"],\"password\":\"correct horse\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.passwordSet")
                .isEqualTo(true)
                .jsonPath("$.passwordHash")
                .doesNotExist();

        assertThat(login("dora", "correct horse")).isNotBlank();
    }

    @Test
    void shouldLetACreatedApiKeyInWithItsScopesOnly() {
        String key = http.post()
                .uri(BASE + "/api-keys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Terraform\",\"scopes\":[\"config:write\"]}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("key")
                .stringValue();

        http.post()
                .uri(BASE + "/categories")
                .header("X-Api-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Backups\"}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.updatedBy.kind")
                .isEqualTo("INTEGRATION")
                .jsonPath("$.updatedBy.id")
                .isEqualTo("terraform");
        http.post()
                .uri(BASE + "/categories")
                .header("X-Api-Key", "hs_demo_integrator_key")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"Refused\"}")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.get()
                .uri(BASE)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void shouldAnswerAnInvalidWriteWithFieldErrorsAndWriteNothing() {
        long before = configRecords();

        http.put()
                .uri(BASE + "/settings")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"reopenWindowDays\":-5,\"allowedAttachmentExtensions\":[\".exe\"]}")
                .exchange()
                .expectStatus()
                .isEqualTo(422)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.instance")
                .isEqualTo("/api/v1/admin/settings")
                .jsonPath("$.errors[0].field")
                .isEqualTo("reopenWindowDays")
                .jsonPath("$.errors[1].field")
                .isEqualTo("allowedAttachmentExtensions[0]");

        assertThat(configRecords()).isEqualTo(before);
    }

    @Test
    void shouldListTheAttemptsTheNotifierReportedNewestFirstPerWebhookAndPerTicket() throws Exception {
        createWebhook("{\"name\":\"Ops alerts\",\"url\":\"https://hooks.example.com/ops\",\"secretRef\":\"ops\"}");
        Instant at = Instant.parse("2026-03-02T09:30:00Z");
        DeliveryRecord failed = webhookAttempt("ops-alerts", 1, DeliveryStatus.RETRYING, 500, "HTTP 500", at);
        DeliveryRecord throttled = webhookAttempt("ops-alerts", 2, DeliveryStatus.RETRYING, 429, "HTTP 429", at);
        DeliveryRecord delivered = webhookAttempt("ops-alerts", 3, DeliveryStatus.DELIVERED, 200, null, at);
        DeliveryRecord email = DeliveryRecord.newBuilder()
                .setDeliveryId("mail-1")
                .setEventId("event-7")
                .setEventType("CUSTOMER_STAFF_REPLY")
                .setTicketId("T-7")
                .setChannel(DeliveryChannel.EMAIL)
                .setTarget("customer@example.com")
                .setStatus(DeliveryStatus.DELIVERED)
                .setAttempt(1)
                .setDurationMillis(42)
                .setAt(at.plusSeconds(60))
                .build();

        // The test plays the notifier, the topic's writer.
        try (Producer<String, DeliveryRecord> notifier = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        broker.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true),
                Topics.DELIVERY_LOG.keySerde().serializer(),
                Topics.DELIVERY_LOG.valueSerde().serializer())) {
            for (DeliveryRecord attempt : List.of(failed, throttled, delivered)) {
                notifier.send(new ProducerRecord<>(Topics.DELIVERY_LOG.name(), "ops-alerts", attempt));
            }
            notifier.send(new ProducerRecord<>(Topics.DELIVERY_LOG.name(), "T-7", email));
            notifier.flush();
        }

        await().atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(read(BASE + "/webhooks/ops-alerts/deliveries")
                                .get("items")
                                .size())
                        .isEqualTo(3));
        JsonNode deliveries = read(BASE + "/webhooks/ops-alerts/deliveries");
        assertThat(deliveries.get("webhookId").stringValue()).isEqualTo("ops-alerts");
        assertThat(deliveries.get("caughtUp").booleanValue()).isTrue();
        assertThat(deliveries.get("items").valueStream().map(JsonNode::toString))
                .containsExactly(
                        "{\"deliveryId\":\"ops-alerts-d1\",\"eventId\":\"event-1\",\"eventType\":\"ticket.created\","
                                + "\"status\":\"DELIVERED\",\"attempt\":3,\"httpStatus\":200,\"error\":null,"
                                + "\"durationMillis\":30,\"at\":\"2026-03-02T09:30:03Z\"}",
                        "{\"deliveryId\":\"ops-alerts-d1\",\"eventId\":\"event-1\",\"eventType\":\"ticket.created\","
                                + "\"status\":\"RETRYING\",\"attempt\":2,\"httpStatus\":429,\"error\":\"HTTP 429\","
                                + "\"durationMillis\":20,\"at\":\"2026-03-02T09:30:02Z\"}",
                        "{\"deliveryId\":\"ops-alerts-d1\",\"eventId\":\"event-1\",\"eventType\":\"ticket.created\","
                                + "\"status\":\"RETRYING\",\"attempt\":1,\"httpStatus\":500,\"error\":\"HTTP 500\","
                                + "\"durationMillis\":10,\"at\":\"2026-03-02T09:30:01Z\"}");
        assertThat(read(BASE + "/webhooks/ops-alerts/deliveries?limit=2")
                        .get("items")
                        .valueStream()
                        .map(item -> item.get("attempt").intValue()))
                .containsExactly(3, 2);
        assertThat(read(BASE + "/deliveries?ticketId=T-7").toString())
                .isEqualTo("{\"ticketId\":\"T-7\",\"caughtUp\":true,\"items\":[{\"deliveryId\":\"mail-1\","
                        + "\"eventId\":\"event-7\",\"eventType\":\"CUSTOMER_STAFF_REPLY\",\"status\":\"DELIVERED\","
                        + "\"attempt\":1,\"httpStatus\":null,\"error\":null,\"durationMillis\":42,"
                        + "\"at\":\"2026-03-02T09:31:00Z\"}]}");
        assertThat(read(BASE + "/deliveries?ticketId=T-8").get("items").isEmpty())
                .isTrue();
    }

    @Test
    void shouldAnswerDeliveryListsOfAnUnknownWebhookOrWithABadLimitWithAProblem() {
        expectProblem(BASE + "/webhooks/ghost/deliveries", 404)
                .jsonPath("$.detail")
                .isEqualTo("There is no webhooks/ghost.");
        createWebhook("{\"name\":\"Limits\",\"url\":\"https://hooks.example.com/limits\",\"secretRef\":\"limits\"}");
        for (String limit : List.of("0", "201", "ten")) {
            expectProblem(BASE + "/webhooks/limits/deliveries?limit=" + limit, 400)
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("limit")
                    .jsonPath("$.errors[0].message")
                    .isEqualTo("must be between 1 and 200");
        }
        expectProblem(BASE + "/deliveries", 400)
                .jsonPath("$.errors[0].field")
                .isEqualTo("ticketId")
                .jsonPath("$.errors[0].message")
                .isEqualTo("is required");
    }

    @Test
    void shouldAskTheNotifierForATestEventWithExactlyOneRequestOnTheTopic() {
        createWebhook("{\"name\":\"Test target\",\"url\":\"https://hooks.example.com/t\",\"secretRef\":\"target\"}");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        EntityExchangeResult<JsonNode> answer = http.post()
                .uri(BASE + "/webhooks/test-target/test")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectHeader()
                .location(BASE + "/webhooks/test-target/deliveries")
                .expectBody(JsonNode.class)
                .returnResult();
        Instant after = Instant.now();

        String requestId = answer.getResponseBody().get("requestId").stringValue();
        assertThat(UUID.fromString(requestId).toString()).isEqualTo(requestId);
        List<WebhookTestRequest> written = ClusterProbe.readCommitted(
                        broker.bootstrapServers(),
                        Topics.WEBHOOK_TESTS.name(),
                        Topics.WEBHOOK_TESTS.keySerde().deserializer(),
                        Topics.WEBHOOK_TESTS.valueSerde().deserializer(),
                        TIMEOUT)
                .stream()
                .filter(record -> record.key().equals("test-target"))
                .map(ConsumerRecord::value)
                .toList();
        assertThat(written).hasSize(1);
        WebhookTestRequest request = written.get(0);
        assertThat(request.getRequestedAt()).isBetween(before, after);
        assertThat(request)
                .isEqualTo(WebhookTestRequest.newBuilder()
                        .setRequestId(requestId)
                        .setWebhookId("test-target")
                        .setRequestedAt(request.getRequestedAt())
                        .setRequestedBy(new Actor(ActorKind.ADMIN, "admin", "Demo Admin", "admin@helpdesk.test"))
                        .build());
    }

    @Test
    void shouldRefuseATestEventForAnUnknownOrDisabledWebhookAndWriteNothing() {
        createWebhook("{\"name\":\"Paused\",\"url\":\"https://hooks.example.com/p\",\"secretRef\":\"paused\","
                + "\"enabled\":false}");

        http.post()
                .uri(BASE + "/webhooks/ghost/test")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post()
                .uri(BASE + "/webhooks/paused/test")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("webhooks/paused is disabled and receives nothing, test events included; enable it first.");
        assertThat(ClusterProbe.readCommitted(
                                broker.bootstrapServers(),
                                Topics.WEBHOOK_TESTS.name(),
                                Topics.WEBHOOK_TESTS.keySerde().deserializer(),
                                Topics.WEBHOOK_TESTS.valueSerde().deserializer(),
                                TIMEOUT)
                        .stream()
                        .map(ConsumerRecord::key))
                .doesNotContain("ghost", "paused");
    }

    private static void createWebhook(String body) {
        http.post()
                .uri(BASE + "/webhooks")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isCreated();
    }

    private static DeliveryRecord webhookAttempt(
            String webhookId, int attempt, DeliveryStatus status, Integer httpStatus, String error, Instant at) {
        return DeliveryRecord.newBuilder()
                .setDeliveryId(webhookId + "-d1")
                .setEventId("event-1")
                .setEventType("ticket.created")
                .setTicketId("T-1")
                .setChannel(DeliveryChannel.WEBHOOK)
                .setTarget("https://hooks.example.com/ops")
                .setTargetId(webhookId)
                .setStatus(status)
                .setAttempt(attempt)
                .setHttpStatus(httpStatus)
                .setError(error)
                .setDurationMillis(attempt * 10L)
                .setAt(at.plusSeconds(attempt))
                .build();
    }

    private static JsonNode read(String uri) {
        return http.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static WebTestClient.BodyContentSpec expectProblem(String uri, int status) {
        return http.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + adminToken)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody();
    }

    private static long configRecords() {
        return ClusterProbe.readCommitted(
                        broker.bootstrapServers(),
                        Topics.CONFIG.name(),
                        Topics.CONFIG.keySerde().deserializer(),
                        Topics.CONFIG.valueSerde().deserializer(),
                        TIMEOUT)
                .size();
    }

    private static String login(String username, String password) {
        return http.post()
                .uri("/api/v1/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("accessToken")
                .stringValue();
    }
}
