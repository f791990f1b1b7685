package dev.helpstream.bench.ceiling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@ExtendWith(EmbeddedKafkaExtension.class)
class KafkaCeilingIT {

    private static final Logger log = LoggerFactory.getLogger(KafkaCeilingIT.class);

    @Test
    void measuresTwoThousandKilobyteRecordsThroughTheProducerAndTheExactlyOncePassThroughThenDeletesItsTopics(
            KafkaCluster cluster, @TempDir Path state) throws Exception {
        CeilingResult result =
                KafkaCeiling.measure(cluster.bootstrapServers(), 2_000, 1_024, 3, state, Duration.ofSeconds(60));

        log.info("Sample ceiling on the test broker: {}", result);
        assertThat(result.records()).isEqualTo(2_000);
        assertThat(result.recordBytes()).isEqualTo(1_024);
        assertThat(result.producerRecordsPerSecond()).isPositive();
        assertThat(result.producerMegabytesPerSecond())
                .isCloseTo(result.producerRecordsPerSecond() * 1_024 / 1_000_000, within(1e-6));
        assertThat(result.eosPassThroughRecordsPerSecond()).isPositive();
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(admin.listTopics().names().get())
                            .noneMatch(name -> name.startsWith(KafkaCeiling.TOPIC_PREFIX)));
            assertThat(admin.listConsumerGroups().all().get())
                    .noneMatch(group -> group.groupId().startsWith("bench-ceiling-"));
        }
        assertThat(state).isEmptyDirectory();
    }

    @Test
    void refusesAMeasurementOfNoRecordsBeforeTouchingTheCluster(@TempDir Path state) {
        assertThatThrownBy(() -> KafkaCeiling.measure("unreachable:1", 0, 1_024, 3, state, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("records must be at least 1, was 0");
    }
}
