package dev.helpstream.gateway;

import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.KafkaClusterHealthIndicator;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's shared infrastructure: the clock (the demo set's {@code updatedAt}), one admin
 * client (topic provisioning and health) and the config writer with its idempotent producer.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The cluster's health as {@code kafka} on the health endpoint. */
    @Bean("kafka")
    KafkaClusterHealthIndicator kafkaHealth(Admin admin, GatewayProperties properties) {
        return new KafkaClusterHealthIndicator(admin, properties.kafka().bootstrapServers(), Map.of());
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(GatewayProperties properties) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                properties.kafka().bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG,
                "api-gateway-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
    }

    /** Closed by its own {@code destroy}, with a bound, so a dead cluster cannot hang shutdown. */
    @Bean
    ConfigWriter configWriter(GatewayProperties properties) {
        return ConfigWriter.create(
                properties.kafka().bootstrapServers(),
                Topics.CONFIG.name(),
                properties.kafka().sendTimeout());
    }
}
