package dev.helpstream.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class EmbeddedKafkaExtensionIT {

    @Test
    void shouldHandTestsAClusterThatTakesTopicsAndRecords(KafkaCluster cluster) throws Exception {
        ClusterClient.createTopic(cluster.bootstrapServers(), "extension.check", 1, cluster.replicationFactor());
        ClusterClient.produceTransactionally(cluster.bootstrapServers(), "extension.check", List.of("hello"));

        assertThat(ClusterClient.consume(cluster.bootstrapServers(), "extension.check", 1))
                .containsExactly("hello");
    }

    @Test
    void shouldStartOneClusterForTheWholeRun(KafkaCluster first, KafkaCluster second) {
        assertThat(second).isSameAs(first);
        assertThat(first.embedded()).isEqualTo(System.getenv("KAFKA_BOOTSTRAP_SERVERS") == null);
    }
}
