package dev.helpstream.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

@ExtendWith(EmbeddedKafkaExtension.class)
class KafkaClusterHealthIndicatorIT {

    @Test
    void shouldReportAReachableClusterUpWithItsIdAndBrokers(KafkaCluster cluster) {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            Health health = new KafkaClusterHealthIndicator(admin, cluster.bootstrapServers(), Map.of("embedded", true))
                    .health()
                    .block(Duration.ofSeconds(10));

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("brokers", 1)
                    .containsEntry("bootstrapServers", cluster.bootstrapServers())
                    .containsEntry("embedded", true)
                    .containsKey("clusterId");
        }
    }

    @Test
    void shouldReportAnUnreachableClusterDownWithinTheTimeout() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String nowhere = "127.0.0.1:" + closedPort;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000))) {
            Health health = new KafkaClusterHealthIndicator(admin, nowhere, Map.of())
                    .health()
                    .block(Duration.ofSeconds(10));

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails())
                    .containsEntry("bootstrapServers", nowhere)
                    .containsKey("error");
        }
    }
}
