package dev.helpstream.kafka.embedded;

import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The Kafka cluster an integration test runs against: either the embedded broker or the external
 * cluster named by {@code KAFKA_BOOTSTRAP_SERVERS}.
 *
 * @param bootstrapServers the {@code host:port} list clients connect to
 * @param embedded whether the cluster runs inside this JVM
 * @param replicationFactor the replication factor topics created on it should use
 */
public record KafkaCluster(String bootstrapServers, boolean embedded, short replicationFactor) {

    /** Client properties that reach this cluster. */
    public Map<String, Object> clientProperties() {
        return Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    }
}
