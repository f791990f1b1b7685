package dev.helpstream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaClusterIT {

    @TempDir
    Path dataDirectory;

    @Test
    void shouldFindTopicsAndRecordsOfTheEarlierStartInTheSameDataDirectory() throws Exception {
        String clusterId;
        try (EmbeddedKafkaCluster first = EmbeddedKafkaCluster.builder()
                .dataDirectory(dataDirectory)
                .build()
                .start()) {
            clusterId = first.clusterId();
            ClusterClient.createTopic(first.bootstrapServers(), "restart.check", 2, (short) 1);
            ClusterClient.produceTransactionally(first.bootstrapServers(), "restart.check", List.of("a", "b", "c"));
        }

        assertThat(dataDirectory.resolve("node-1").resolve("meta.properties")).exists();
        try (EmbeddedKafkaCluster second = EmbeddedKafkaCluster.builder()
                .dataDirectory(dataDirectory)
                .build()
                .start()) {
            assertThat(second.clusterId()).isEqualTo(clusterId);
            assertThat(ClusterClient.topics(second.bootstrapServers())).contains("restart.check");
            assertThat(ClusterClient.consume(second.bootstrapServers(), "restart.check", 3))
                    .containsExactlyInAnyOrder("a", "b", "c");
        }
    }

    @Test
    void shouldServeClientsOnTheConfiguredLoopbackPort() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                .dataDirectory(dataDirectory)
                .brokerPort(port)
                .build()
                .start()) {
            assertThat(cluster.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(cluster.runningNodes()).containsExactly(1);
        }
    }

    @Test
    void shouldRefuseClusterSizesOtherThanOneOrThree() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().nodes(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("nodes must be 1 or 3, was 2");
        assertThat(Files.exists(dataDirectory.resolve("cluster.id"))).isFalse();
    }
}
