package dev.helpstream.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.ApiGatewayApplication;
import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.topic.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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

    private static Path dataDirectory;
    private static EmbeddedKafkaCluster broker;
    private static ConfigurableApplicationContext gateway;
    private static WebTestClient http;
    private static String adminToken;

    @BeforeAll
    static void start() throws IOException {
        dataDirectory = Files.createTempDirectory("helpstream-admin-it");
        broker = EmbeddedKafkaCluster.builder()
                .dataDirectory(dataDirectory.resolve("kafka"))
                .build()
                .start();
        gateway = ApiGatewayApplication.builder()
                .run(
                        "--server.port=0",
                        "--helpstream.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "--helpstream.topics.replication-factor=1",
                        "--helpstream.demo.enabled=true",
                        "--helpstream.security.token-secret=admin-it-token-secret-of-at-least-32-bytes",
                        "--helpstream.security.customer-link-secret=admin-it-link-secret-of-at-least-32-bytes",
                        "--helpstream.blobs.directory=" + dataDirectory.resolve("blobs"));
        http = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + gateway.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(TIMEOUT)
                .build();
        adminToken = login("admin", "demo");
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (gateway != null) {
                gateway.close();
            }
        } finally {
            if (broker != null) {
                broker.close();
            }
            try (Stream<Path> files = Files.walk(dataDirectory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
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
