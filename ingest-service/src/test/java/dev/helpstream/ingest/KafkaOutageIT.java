package dev.helpstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.kafka.embedded.KafkaCluster;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;

/**
 * When Kafka does not acknowledge a message, the caller gets 503 and may retry: the service never
 * answers 202 for a message that is not durable. Runs its own broker, because it stops it.
 */
class KafkaOutageIT {

    @TempDir
    Path kafkaData;

    @TempDir
    Path blobs;

    @Test
    void shouldAnswer503WhenKafkaDoesNotAcknowledgeTheMessage() {
        EmbeddedKafkaCluster broker =
                EmbeddedKafkaCluster.builder().dataDirectory(kafkaData).build().start();
        KafkaCluster cluster = new KafkaCluster(broker.bootstrapServers(), true, (short) 1);
        try (ConfigurableApplicationContext app =
                IngestTestSupport.start(cluster, blobs, "--helpstream.kafka.send-timeout=2s")) {
            broker.close();

            IngestTestSupport.http(app)
                    .post()
                    .uri("/api/v1/tickets")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of(
                            "email", "erin@example.com",
                            "name", "Erin",
                            "subject", "During the outage " + UUID.randomUUID(),
                            "body", "Hello?",
                            "website", ""))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.type")
                    .isEqualTo("urn:helpstream:problem:unavailable")
                    .jsonPath("$.title")
                    .isEqualTo("The ticket could not be stored, try again")
                    .jsonPath("$.detail")
                    .value(detail -> assertThat((String) detail).startsWith("Kafka did not acknowledge the message"));
        } finally {
            broker.close();
        }
    }
}
