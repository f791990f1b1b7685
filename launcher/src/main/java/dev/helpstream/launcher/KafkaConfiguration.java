package dev.helpstream.launcher;

import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.support.KafkaClusterHealthIndicator;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Connects the launcher to Kafka: the external cluster named by {@code KAFKA_BOOTSTRAP_SERVERS},
 * or else a real KRaft broker started in this JVM whose data survives restarts.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(NoExternalKafka.class)
    EmbeddedKafkaCluster embeddedKafkaCluster(LauncherProperties properties) {
        LauncherProperties.Embedded embedded = properties.kafka().embedded();
        return EmbeddedKafkaCluster.builder()
                .dataDirectory(embedded.dataDirectory())
                .brokerPort(embedded.port())
                .nodes(embedded.nodes())
                .build()
                .start();
    }

    @Bean
    KafkaEndpoint kafkaEndpoint(LauncherProperties properties, ObjectProvider<EmbeddedKafkaCluster> embedded) {
        EmbeddedKafkaCluster cluster = embedded.getIfAvailable();
        int replication = properties.topics().replicationFactor();
        if (cluster == null) {
            return new KafkaEndpoint(
                    properties.kafka().bootstrapServers(), null, (short) (replication == 0 ? 1 : replication));
        }
        short clusterReplication = (short) Math.min(cluster.nodeCount(), 3);
        return new KafkaEndpoint(cluster.bootstrapServers(), cluster.dataDirectory(), (short)
                (replication == 0 ? clusterReplication : replication));
    }

    /** The cluster's health as {@code kafka} on the health endpoint, saying whether it is embedded. */
    @Bean("kafka")
    KafkaClusterHealthIndicator kafkaHealth(Admin admin, KafkaEndpoint endpoint) {
        return new KafkaClusterHealthIndicator(
                admin, endpoint.bootstrapServers(), Map.of("embedded", endpoint.embedded()));
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(KafkaEndpoint endpoint) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoint.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "helpstream-launcher",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
    }

    /** Matches when no external cluster is configured. */
    static final class NoExternalKafka implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String external = context.getEnvironment().getProperty("helpstream.kafka.bootstrap-servers", "");
            return external.isBlank();
        }
    }
}
