package dev.helpstream.gateway.whatif;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.ConfigWriter;
import dev.helpstream.gateway.OwnBrokerGateway;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.TestTokens;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.ApiKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The SLA what-if in the gateway as {@code main} starts it, with the demo configuration (office
 * hours in Paris; the charters "urgent", 1 h first response and 8 h resolution around the clock,
 * and "standard", 4 h and 27 h in office hours), on a real broker of its own: ticket histories
 * written to the real {@code tickets.events.v1} are replayed against a draft of "urgent" (30 minutes,
 * 10 days) through the real security chain, with exact figures, and nothing is written.
 *
 * <p>The tickets, first week of March 2026 (UTC; Paris is UTC+1 then):
 *
 * <ul>
 *   <li>#10001, urgent, opened Monday 10:00, answered 10:45: first response met (1 h) but breached
 *       under the draft (30 min); resolution breached at 18:00, running under the draft;
 *   <li>#10002, urgent, opened Tuesday 09:00, answered 09:20: first response met under both;
 *       resolution breached at 17:00, running under the draft;
 *   <li>#10005, normal (standard), opened Wednesday 11:00 Paris, answered 16:00 Paris: first
 *       response breached after four office hours, resolution due Monday 9 March: running; the draft
 *       does not apply to it;
 *   <li>#10003, opened in February, answered on Monday 2 March, and #10004, opened on 10 March: not
 *       in the period.
 * </ul>
 */
class WhatIfApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CONFIG_READER_KEY = "hs_it_whatif_config_reader";
    private static final String CONFIG_AND_TICKETS_READER_KEY = "hs_it_whatif_config_and_tickets_reader";

    private static final String DRAFT = """
            {"id": "urgent", "name": "Urgent, 30 minutes", "order": 1, "enabled": true,
             "scope": {"departmentIds": [], "typeIds": [], "minimumPriorityId": "urgent"},
             "targets": [
               {"metric": "FIRST_RESPONSE", "durationMinutes": 30, "businessTime": false, "statusId": null},
               {"metric": "RESOLUTION", "durationMinutes": 14400, "businessTime": false, "statusId": null}],
             "warningPercent": 80, "calendarId": null, "pauseOnStatusIds": ["waiting"]}""";

    private static OwnBrokerGateway stack;
    private static EmbeddedKafkaCluster broker;
    private static ConfigurableApplicationContext gateway;
    private static WebTestClient http;

    @BeforeAll
    static void start() throws Exception {
        stack = OwnBrokerGateway.withBroker("helpstream-what-if-it");
        broker = stack.broker();
        gateway = stack.startGateway("--helpstream.demo.enabled=true");
        http = stack.http();
        try (TicketHistories tickets = new TicketHistories(broker.bootstrapServers())) {
            tickets.opened("wi-c", 10003, Instant.parse("2026-02-27T09:00:00Z"), "support", "urgent");
            tickets.opened("wi-a", 10001, Instant.parse("2026-03-02T10:00:00Z"), "support", "urgent");
            tickets.staffReply("wi-c", 10003, Instant.parse("2026-03-02T10:05:00Z"));
            tickets.staffReply("wi-a", 10001, Instant.parse("2026-03-02T10:45:00Z"));
            tickets.opened("wi-b", 10002, Instant.parse("2026-03-03T09:00:00Z"), "support", "urgent");
            tickets.staffReply("wi-b", 10002, Instant.parse("2026-03-03T09:20:00Z"));
            tickets.opened("wi-e", 10005, Instant.parse("2026-03-04T10:00:00Z"), "support", "normal");
            tickets.staffReply("wi-e", 10005, Instant.parse("2026-03-04T15:00:00Z"));
            tickets.opened("wi-d", 10004, Instant.parse("2026-03-10T09:00:00Z"), "support", "urgent");
        }
        writeApiKey("it-whatif-reader", CONFIG_READER_KEY, List.of(Caller.SCOPE_CONFIG_READ));
        writeApiKey(
                "it-whatif-ticket-reader",
                CONFIG_AND_TICKETS_READER_KEY,
                List.of(Caller.SCOPE_CONFIG_READ, Caller.SCOPE_TICKETS_READ));
    }

    @AfterAll
    static void stop() throws IOException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldReplayTheWeekAgainstTheDraftForAnAdminAndWriteNothing() throws Exception {
        Map<TopicPartition, Long> endsBefore;
        Set<String> groupsBefore;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            endsBefore = endOffsets(admin);
            groupsBefore = groups(admin);
        }

        JsonNode answer = post(
                        "Bearer " + TestTokens.staff(gateway, "admin"),
                        "{\"policy\": " + DRAFT + ", \"from\": \"2026-03-02\", \"to\": \"2026-03-08\"}")
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(answer).isEqualTo(expected("UTC", "2026-03-08T23:59:59.999Z"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(endOffsets(admin)).isEqualTo(endsBefore);
            assertThat(groups(admin)).isEqualTo(groupsBefore).isEmpty();
        }
    }

    @Test
    void shouldAnswerAnApiKeyWithConfigReadInItsTimeZoneWithTheCountOfChangedTicketsButNotTheTickets() {
        JsonNode answer = post(
                        "ApiKey " + CONFIG_READER_KEY,
                        "{\"policy\": " + DRAFT + ", \"from\": \"2026-03-02\", \"to\": \"2026-03-08\","
                                + " \"timeZone\": \"Europe/Paris\"}")
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        // Paris days start an hour earlier: the same tickets are opened in them. A configuration key
        // may not read tickets: no ids or numbers.
        ObjectNode expected = expected("Europe/Paris", "2026-03-08T22:59:59.999Z");
        ((ObjectNode) expected.get("changed")).remove("items");
        assertThat(answer).isEqualTo(expected);
    }

    @Test
    void shouldListTheChangedTicketsToAnApiKeyThatMayAlsoReadTickets() {
        JsonNode answer = post(
                        "ApiKey " + CONFIG_AND_TICKETS_READER_KEY,
                        "{\"policy\": " + DRAFT + ", \"from\": \"2026-03-02\", \"to\": \"2026-03-08\"}")
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        assertThat(answer).isEqualTo(expected("UTC", "2026-03-08T23:59:59.999Z"));
    }

    @Test
    void shouldRefuseAnAgentAndAnAnonymousCaller() {
        post("Bearer " + TestTokens.staff(gateway, "ana"), "{\"policy\": " + DRAFT + "}")
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        http.post()
                .uri(WhatIfController.PATH)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void shouldListTheDraftsFieldErrorsWithTheAdminApisMessages() {
        String policy = """
                {"name": "Too strict", "order": 1, "warningPercent": 150, "calendarId": "nope",
                 "targets": [{"metric": "FIRST_RESPONSE", "durationMinutes": 0, "businessTime": true}]}""";

        JsonNode problem = problem(
                post(
                        "Bearer " + TestTokens.staff(gateway, "admin"),
                        "{\"policy\": " + policy + ", \"from\": \"2026-03-02\", \"to\": \"2026-03-08\"}"),
                422);

        assertThat(errors(problem))
                .containsExactly(
                        "policy.id: is required: the policy the draft replaces, or a new one",
                        "policy.warningPercent: must be between 1 and 99",
                        "policy.targets[0].durationMinutes: must be 1 or more",
                        "policy.calendarId: there is no business calendar 'nope'");
    }

    @Test
    void shouldRefuseAPeriodThatEndsBeforeItStarts() {
        JsonNode problem = problem(
                post(
                        "Bearer " + TestTokens.staff(gateway, "admin"),
                        "{\"policy\": " + DRAFT + ", \"from\": \"2026-03-08\", \"to\": \"2026-03-02\"}"),
                400);

        assertThat(errors(problem)).containsExactly("from: must not be after to (2026-03-02)");
    }

    @Test
    void shouldRefuseMoreThanNinetyTwoDays() {
        JsonNode problem = problem(
                post(
                        "Bearer " + TestTokens.staff(gateway, "admin"),
                        "{\"policy\": " + DRAFT + ", \"from\": \"2026-01-01\", \"to\": \"2026-04-03\"}"),
                400);

        assertThat(problem.get("detail").stringValue()).isEqualTo("The what-if request is invalid.");
        assertThat(errors(problem)).containsExactly("to: the range spans 93 days; a what-if covers at most 92");
    }

    @Test
    void shouldDocumentTheEndpointWithItsBodyAnswerAndProblems() {
        JsonNode document = http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        JsonNode post = document.get("paths").get(WhatIfController.PATH).get("post");
        assertThat(post.get("tags").get(0).stringValue()).isEqualTo("Admin");
        assertThat(post.get("responses").propertyNames()).contains("200", "400", "401", "403", "422", "429", "503");
        assertThat(post.get("requestBody")
                        .get("content")
                        .get("application/json")
                        .get("schema")
                        .get("$ref")
                        .stringValue())
                .isEqualTo("#/components/schemas/WhatIfRequest");
        JsonNode schemas = document.get("components").get("schemas");
        assertThat(schemas.get("WhatIfRequest").get("properties").propertyNames())
                .containsExactlyInAnyOrder("policy", "from", "to", "timeZone");
        // The documented answer names exactly the fields the endpoint writes.
        JsonNode answer = expected("UTC", "2026-03-08T23:59:59.999Z");
        assertThat(schemas.get("WhatIfAnswer").get("properties").propertyNames())
                .containsExactlyInAnyOrderElementsOf(answer.propertyNames());
        assertThat(schemas.get("WhatIfCounts").get("properties").propertyNames())
                .containsExactlyInAnyOrderElementsOf(
                        answer.get("current").get("overall").propertyNames());
        assertThat(schemas.get("WhatIfChange").get("properties").propertyNames())
                .containsAll(answer.get("changed").get("items").get(0).propertyNames())
                .contains("targetStatusId");
    }

    private static ObjectNode expected(String timeZone, String until) {
        return (ObjectNode) JSON.readTree("""
                {"from": "2026-03-02", "to": "2026-03-08", "timeZone": "%s", "until": "%s", "tickets": 3,
                 "current": {
                   "overall": {"met": 2, "breached": 3, "running": 1, "compliancePercent": 40.0},
                   "byMetric": {
                     "FIRST_RESPONSE": {"met": 2, "breached": 1, "running": 0, "compliancePercent": 66.7},
                     "NEXT_RESPONSE": {"met": 0, "breached": 0, "running": 0, "compliancePercent": null},
                     "RESOLUTION": {"met": 0, "breached": 2, "running": 1, "compliancePercent": 0.0},
                     "STATUS_REACHED": {"met": 0, "breached": 0, "running": 0, "compliancePercent": null}}},
                 "draft": {
                   "overall": {"met": 1, "breached": 2, "running": 3, "compliancePercent": 33.3},
                   "byMetric": {
                     "FIRST_RESPONSE": {"met": 1, "breached": 2, "running": 0, "compliancePercent": 33.3},
                     "NEXT_RESPONSE": {"met": 0, "breached": 0, "running": 0, "compliancePercent": null},
                     "RESOLUTION": {"met": 0, "breached": 0, "running": 3, "compliancePercent": null},
                     "STATUS_REACHED": {"met": 0, "breached": 0, "running": 0, "compliancePercent": null}}},
                 "changed": {"count": 3, "items": [
                   {"ticketId": "wi-a", "number": 10001, "metric": "FIRST_RESPONSE", "current": "MET",
                    "draft": "BREACHED"},
                   {"ticketId": "wi-a", "number": 10001, "metric": "RESOLUTION", "current": "BREACHED",
                    "draft": "RUNNING"},
                   {"ticketId": "wi-b", "number": 10002, "metric": "RESOLUTION", "current": "BREACHED",
                    "draft": "RUNNING"}]}}
                """.formatted(timeZone, until));
    }

    private static WebTestClient.ResponseSpec post(String authorization, String body) {
        return http.post()
                .uri(WhatIfController.PATH)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange();
    }

    private static JsonNode problem(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static List<String> errors(JsonNode problem) {
        List<String> errors = new ArrayList<>();
        problem.get("errors")
                .forEach(error -> errors.add(error.get("field").stringValue() + ": "
                        + error.get("message").stringValue()));
        return errors;
    }

    private static void writeApiKey(String id, String secret, List<String> scopes) throws Exception {
        ConfigEntity entity = ConfigEntity.newBuilder()
                .setEntityType(ConfigEntityType.API_KEY)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.now())
                .setUpdatedBy(new Actor(ActorKind.SYSTEM, "what-if-it", null, null))
                .setPayload(ApiKey.newBuilder()
                        .setName("What-if reader " + id)
                        .setKeyHash(HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256")
                                        .digest(secret.getBytes(StandardCharsets.UTF_8))))
                        .setScopes(scopes)
                        .build())
                .build();
        ConfigView config = gateway.getBean(ConfigView.class);
        gateway.getBean(ConfigWriter.class)
                .write(entity)
                .flatMap(config::awaitApplied)
                .block(TIMEOUT);
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        Set<String> topics = admin.listTopics().names().get();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (TopicDescription topic :
                admin.describeTopics(topics).allTopicNames().get().values()) {
            topic.partitions()
                    .forEach(partition ->
                            latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest()));
        }
        return admin.listOffsets(latest).all().get().entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey, entry -> entry.getValue().offset()));
    }

    private static Set<String> groups(Admin admin) throws Exception {
        return admin.listGroups().all().get().stream()
                .map(GroupListing::groupId)
                .collect(Collectors.toSet());
    }
}
