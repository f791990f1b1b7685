package dev.helpstream.notifier.delivery;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The cluster the deliverers read and write, the one the whole notifier uses ({@code
 * helpstream.kafka.bootstrap-servers}); read here so the deliverers need nothing from the planner.
 *
 * @param bootstrapServers the cluster ({@code KAFKA_BOOTSTRAP_SERVERS})
 */
@ConfigurationProperties("helpstream.kafka")
@Validated
record KafkaConnection(
        @NotBlank(message = "must name the Kafka cluster (set KAFKA_BOOTSTRAP_SERVERS)")
        String bootstrapServers) {}
