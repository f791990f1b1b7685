package dev.helpstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;

/** Bad settings stop the start with the property and the reason, before any Kafka client exists. */
class IngestPropertiesIT {

    @TempDir
    Path blobs;

    @Test
    void shouldRefuseToStartWithoutKafkaBootstrapServers() {
        assertThatThrownBy(() -> IngestServiceApplication.builder()
                        .run(
                                "--server.port=0",
                                "--helpstream.kafka.bootstrap-servers=",
                                "--helpstream.blobs.directory=" + blobs))
                .rootCause()
                .isInstanceOf(BindValidationException.class)
                .satisfies(error -> assertThat(error.getMessage())
                        .contains("helpstream.kafka.bootstrapServers")
                        .contains("must name the Kafka cluster (set KAFKA_BOOTSTRAP_SERVERS)"));
    }

    @Test
    void shouldRefuseAnOutOfRangeReplicationFactor() {
        assertThatThrownBy(() -> IngestServiceApplication.builder()
                        .run(
                                "--server.port=0",
                                "--helpstream.kafka.bootstrap-servers=127.0.0.1:1",
                                "--helpstream.topics.replication-factor=0",
                                "--helpstream.blobs.directory=" + blobs))
                .rootCause()
                .isInstanceOf(BindValidationException.class)
                .satisfies(error -> assertThat(error.getMessage()).contains("helpstream.topics.replicationFactor"));
    }

    @Test
    void shouldReadItsOwnConfigFileNotApplicationYml() {
        assertThat(IngestServiceApplication.class.getResource("/ingest-service.yml"))
                .isNotNull();
        assertThat(IngestServiceApplication.class.getResource("/application.yml"))
                .isNull();
    }
}
