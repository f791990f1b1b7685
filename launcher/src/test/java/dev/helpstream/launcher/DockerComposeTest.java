package dev.helpstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The build machines have no Docker engine, so this checks what can be checked without one: the
 * compose file parses, runs the official Kafka image of the version the services are built with in
 * KRaft mode, and hands every service the same variables {@code java -jar} reads.
 */
class DockerComposeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        try (Reader reader = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void shouldRunTheOfficialKafkaImageOfTheBuildsKafkaVersionInKraftMode() {
        Map<String, Object> kafka = services.get("kafka");

        assertThat(kafka.get("image")).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
        assertThat(environment(kafka))
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldBuildEveryServiceFromADockerfileAndPointItAtTheKafkaContainer() {
        assertThat(services.keySet())
                .containsExactlyInAnyOrder(
                        "kafka",
                        "api-gateway",
                        "ingest-service",
                        "routing-stream",
                        "notifier-service",
                        "sla-stream",
                        "mailpit");
        services.entrySet().stream()
                .filter(service ->
                        !service.getKey().equals("kafka") && !service.getKey().equals("mailpit"))
                .forEach(service -> {
                    Map<String, Object> build =
                            (Map<String, Object>) service.getValue().get("build");
                    assertThat(ROOT.resolve((String) build.get("dockerfile")))
                            .as(service.getKey())
                            .isRegularFile();
                    assertThat(environment(service.getValue()))
                            .as(service.getKey())
                            .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
                    assertThat((Map<String, Object>) service.getValue().get("depends_on"))
                            .as(service.getKey())
                            .containsKey("kafka");
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(Map<String, Object> service) {
        return (Map<String, Object>) service.get("environment");
    }
}
