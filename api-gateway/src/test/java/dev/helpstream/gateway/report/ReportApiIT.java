package dev.helpstream.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.gateway.OwnBrokerGateway;
import dev.helpstream.gateway.security.TestTokens;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.sla.report.ReportDays;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * The reports endpoint in the gateway as {@code main} starts it, with the demo configuration, on a
 * real broker of its own (the demo seeding writes the fixed {@code helpdesk.config.v1}): days
 * written to {@code reports.daily.v1} before the start are served through the real security chain
 * to a real token, and the endpoint is in the OpenAPI document.
 */
class ReportApiIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static OwnBrokerGateway stack;
    private static EmbeddedKafkaCluster broker;
    private static ConfigurableApplicationContext gateway;
    private static WebTestClient http;

    @BeforeAll
    static void start() throws Exception {
        stack = OwnBrokerGateway.withBroker("helpstream-report-it");
        broker = stack.broker();
        writeDays(
                ReportData.day("support", "2026-03-04")
                        .setOpened(2)
                        .setClosed(1)
                        .setFirstResponseSeconds(ReportData.histogram(600, 1))
                        .build(),
                ReportData.day("support", "2026-03-06").setOpened(1).build(),
                ReportData.day("billing", "2026-03-04").setOpened(9).build());
        gateway = stack.startGateway("--helpstream.demo.enabled=true");
        http = stack.http();
    }

    @AfterAll
    static void stop() throws IOException {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldServeAnAgentTheWeeksOfTheirDepartmentsFromTheTopic() {
        // ana is in support only: billing's day is not hers to see.
        String ana = TestTokens.staff(gateway, "ana");
        String uri = ReportController.PATH + "?from=2026-03-02&to=2026-03-08&period=week&format=csv";

        await().atMost(TIMEOUT)
                .until(() -> http.get()
                                .uri(uri)
                                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ana)
                                .exchange()
                                .returnResult(String.class)
                                .getStatus()
                                .value()
                        != 503);
        String csv = http.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + ana)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(csv)
                .isEqualTo(ReportCsv.HEADER + "\r\n"
                        + "support,2026-03-02,2026-03-02,2026-03-08,3,1,0,0.0,1,600,600,0,,,0,0,,,,0,0\r\n");
    }

    @Test
    void shouldKeepAnonymousCallersAndCustomersOut() {
        String uri = ReportController.PATH + "?from=2026-03-02&to=2026-03-08";
        http.get().uri(uri).exchange().expectStatus().isUnauthorized();
        http.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.customer(gateway, "carol@example.com"))
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void shouldDocumentTheEndpointWithItsParametersJsonAndCsvAndProblems() {
        JsonNode document = http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();

        JsonNode get = document.get("paths").get(ReportController.PATH).get("get");
        List<String> parameters = new ArrayList<>();
        get.get("parameters")
                .forEach(parameter -> parameters.add(parameter.get("name").stringValue()));
        assertThat(parameters).containsExactly("from", "to", "period", "departmentId", "format");
        assertThat(get.get("responses").propertyNames()).contains("200", "400", "401", "403", "404", "503");
        JsonNode ok = get.get("responses").get("200").get("content");
        assertThat(ok.propertyNames()).containsExactlyInAnyOrder("application/json", "text/csv");
        assertThat(ok.get("application/json").get("schema").get("$ref").stringValue())
                .isEqualTo("#/components/schemas/Report");
        assertThat(document.get("components")
                        .get("schemas")
                        .get("ReportRow")
                        .get("properties")
                        .propertyNames())
                .contains("periodStart", "reopenRate", "firstResponseP90Seconds", "slaCompliancePercent");
    }

    private static void writeDays(ReportDay... days) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            new TopicProvisioner(admin, (short) 1, 0).provision(List.of(Topics.REPORT_DAYS), TIMEOUT);
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<String, ReportDay> producer = new KafkaProducer<>(
                config, new StringSerializer(), Topics.REPORT_DAYS.valueSerde().serializer())) {
            for (ReportDay day : days) {
                producer.send(new ProducerRecord<>(
                                Topics.REPORT_DAYS.name(), ReportDays.key(day.getDepartmentId(), day.getDay()), day))
                        .get();
            }
        }
    }
}
