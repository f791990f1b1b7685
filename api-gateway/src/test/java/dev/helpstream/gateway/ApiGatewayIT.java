package dev.helpstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.helpstream.gateway.DemoConfiguration.Outcome;
import dev.helpstream.gateway.security.TestTokens;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway as {@code main} starts it, against the real {@code helpdesk.config.v1}. This is the
 * only test class of the module that touches that topic (the others use fresh topics), and the
 * embedded broker lives as long as this module's test JVM, so the topic is empty when the first
 * test starts; the tests run in order because the first one fills it.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
@TestMethodOrder(OrderAnnotation.class)
class ApiGatewayIT {

    @Test
    @Order(1)
    void shouldSeedTheEmptyConfigTopicWithTheDemoOnceAndWriteNothingOnTheNextStart(KafkaCluster cluster)
            throws Exception {
        assumeTrue(
                configRecordsIfExists(cluster) == 0,
                "needs an empty " + Topics.CONFIG.name()
                        + " (an external KAFKA_BOOTSTRAP_SERVERS cluster may hold one)");
        Instant before = Instant.now();

        try (ConfigurableApplicationContext gateway = start(cluster, "--helpstream.demo.enabled=true")) {
            assertThat(gateway.getBean(DemoConfiguration.class).outcome()).isEqualTo(Outcome.SEEDED);
            var records = ConfigTopic.committedRecords(cluster, Topics.CONFIG.name());
            assertThat(new HashSet<>(ConfigTopic.keys(records)))
                    .isEqualTo(new HashSet<>(DemoData.entities(before).stream()
                            .map(ConfigWriter::keyOf)
                            .toList()));
            assertThat(records).hasSize(DemoData.entities(before).size());
            assertThat(records.get(0).key()).isEqualTo("HELPDESK_SETTINGS:helpdesk");
            assertThat(records)
                    .allSatisfy(record ->
                            assertThat(record.value().getUpdatedAt()).isBetween(before.minusMillis(1), Instant.now()));

            WebTestClient http = http(gateway);
            String admin = "Bearer " + TestTokens.staff(gateway, "admin");
            http.get()
                    .uri("/actuator/health")
                    .header("Authorization", admin)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.kafka.status")
                    .isEqualTo("UP")
                    .jsonPath("$.components.kafka.details.brokers")
                    .isEqualTo(1);
            http.get()
                    .uri("/actuator/prometheus")
                    .header("Authorization", admin)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(body -> assertThat(body).contains("jvm_memory_used_bytes{application=\"api-gateway\""));
        }
        int seeded = DemoData.entities(before).size();

        try (ConfigurableApplicationContext restarted = start(cluster, "--helpstream.demo.enabled=true")) {
            assertThat(restarted.getBean(DemoConfiguration.class).outcome()).isEqualTo(Outcome.KEPT_EXISTING);
            assertThat(restarted.getBean(TopicProvisioning.class).result().created())
                    .isEmpty();
            assertThat(ConfigTopic.committedRecords(cluster, Topics.CONFIG.name()))
                    .hasSize(seeded);
        }
    }

    @Test
    @Order(2)
    void shouldNotReadOrWriteTheConfigTopicWhenTheDemoIsOffAsByDefault(KafkaCluster cluster) throws Exception {
        long before = configRecordsIfExists(cluster);

        try (ConfigurableApplicationContext gateway = start(cluster)) {
            assertThat(gateway.getBean(DemoConfiguration.class).outcome()).isEqualTo(Outcome.DISABLED);
            assertThat(ConfigTopic.committedRecords(cluster, Topics.CONFIG.name()))
                    .hasSize((int) before);
        }
    }

    private static ConfigurableApplicationContext start(KafkaCluster cluster, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--helpstream.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--helpstream.topics.replication-factor=" + cluster.replicationFactor()));
        args.addAll(List.of(more));
        return ApiGatewayApplication.builder().run(args.toArray(String[]::new));
    }

    private static long configRecordsIfExists(KafkaCluster cluster) throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.CONFIG.name())) {
                return 0;
            }
        }
        return ConfigTopic.committedRecords(cluster, Topics.CONFIG.name()).size();
    }

    private static WebTestClient http(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }
}
