package dev.helpstream.routing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of routing-stream, validated at startup.
 *
 * @param kafka the cluster
 * @param topics how the topics are created
 * @param streams the Kafka Streams application
 */
@ConfigurationProperties("helpstream")
@Validated
record RoutingProperties(
        @Valid @NotNull Kafka kafka,
        @Valid @NotNull Topics topics,
        @Valid @NotNull Streams streams) {

    /** @param bootstrapServers the cluster ({@code KAFKA_BOOTSTRAP_SERVERS}) */
    record Kafka(
            @NotBlank(message = "must name the Kafka cluster (KAFKA_BOOTSTRAP_SERVERS)")
            String bootstrapServers) {}

    /**
     * @param replicationFactor replicas of the topics and of the application's internal topics
     * @param partitions partitions of the ticket topics; 0 keeps the catalogue's count
     */
    record Topics(
            @Min(1) @Max(5) @DefaultValue("1") int replicationFactor,
            @Min(0) @Max(1000) @DefaultValue("0") int partitions) {}

    /**
     * @param applicationId the Kafka Streams application id (consumer group and internal topic prefix)
     * @param stateDirectory where the local state stores live
     * @param commitIntervalMs how often transactions commit (latency versus throughput)
     * @param numberBase the first ticket number
     */
    record Streams(
            @NotBlank @DefaultValue("helpstream-routing") String applicationId,
            @NotNull @DefaultValue("data/streams") Path stateDirectory,
            @Min(10) @Max(60_000) @DefaultValue("100") long commitIntervalMs,
            @Min(1) @DefaultValue("10000") long numberBase) {}
}
