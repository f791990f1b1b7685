package dev.helpstream.sla;

import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** sla-stream as it runs: the application on a real broker, exactly-once v2. */
@ExtendWith(EmbeddedKafkaExtension.class)
class SlaStreamApplicationIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path stateDirectory;

    private static KafkaCluster cluster;
    private static String applicationId;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start(KafkaCluster kafka) {
        cluster = kafka;
        applicationId = "sla-it-" + UUID.randomUUID();
        app = SlaStreamApplication.builder()
                .run(
                        "--server.port=0",
                        "--helpstream.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--helpstream.topics.replication-factor=" + kafka.replicationFactor(),
                        "--helpstream.streams.application-id=" + applicationId,
                        "--helpstream.streams.state-directory=" + stateDirectory,
                        "--helpstream.sla.punctuate-interval=100ms");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldReportTheClusterAndTheRunningStreamsAsHealthy() {
        await().atMost(DEADLINE)
                .untilAsserted(() -> http().get()
                        .uri("/actuator/health")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.status")
                        .isEqualTo("UP")
                        .jsonPath("$.components.kafka.status")
                        .isEqualTo("UP")
                        .jsonPath("$.components.streams.details.state")
                        .isEqualTo("RUNNING"));
    }

    private static WebTestClient http() {
        String port = app.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }
}
