package dev.helpstream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreeNodeClusterIT {

    @TempDir
    Path dataDirectory;

    @Test
    void shouldKeepAcceptingAndServingRecordsWhileOneOfThreeNodesIsDown() throws Exception {
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder()
                .dataDirectory(dataDirectory)
                .nodes(3)
                .build()
                .start()) {
            assertThat(cluster.runningNodes()).containsExactly(1, 2, 3);
            String bootstrap = cluster.bootstrapServers();
            ClusterClient.createTopic(bootstrap, "replicated", 3, (short) 3);
            ClusterClient.produceTransactionally(bootstrap, "replicated", List.of("before-1", "before-2"));

            cluster.stopNode(2);
            assertThat(cluster.runningNodes()).containsExactly(1, 3);
            ClusterClient.produceTransactionally(cluster.bootstrapServers(), "replicated", List.of("during"));
            assertThat(ClusterClient.consume(cluster.bootstrapServers(), "replicated", 3))
                    .containsExactlyInAnyOrder("before-1", "before-2", "during");

            cluster.startNode(2);
            assertThat(cluster.runningNodes()).containsExactlyInAnyOrder(1, 2, 3);
        }
    }
}
