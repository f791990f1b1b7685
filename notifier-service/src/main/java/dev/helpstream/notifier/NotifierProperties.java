package dev.helpstream.notifier;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the notifier's planner (Kafka Streams), validated at startup. What admins change at
 * run time (templates, switches, webhooks, departments) is not here: it comes from {@code
 * helpdesk.config.v1}. The deliverers have their own settings under {@code helpstream.delivery}.
 *
 * @param kafka the cluster
 * @param topics how the topics are created
 * @param streams the Kafka Streams application
 * @param planner what the plans depend on besides the configuration topic
 */
@ConfigurationProperties("helpstream")
@Validated
record NotifierProperties(
        @Valid @NotNull Kafka kafka,
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue Streams streams,
        @Valid @NotNull @DefaultValue Planner planner) {

    /** @param bootstrapServers the cluster ({@code KAFKA_BOOTSTRAP_SERVERS}) */
    record Kafka(
            @NotBlank(message = "must name the Kafka cluster (set KAFKA_BOOTSTRAP_SERVERS)")
            String bootstrapServers) {}

    /**
     * @param replicationFactor replicas of the topics and of the application's internal topics
     * @param partitions partitions of the scalable topics; 0 keeps the catalogue's counts
     */
    record Topics(
            @Min(1) @Max(5) @DefaultValue("1") int replicationFactor,
            @Min(0) @Max(1000) @DefaultValue("0") int partitions) {}

    /**
     * @param applicationId the Kafka Streams application id (consumer group and internal topic prefix)
     * @param stateDirectory where the local state stores live
     * @param commitIntervalMs how often transactions commit (latency versus throughput)
     */
    record Streams(
            @NotBlank @DefaultValue("helpstream-notifier") String applicationId,
            @NotNull @DefaultValue("data/notifier-streams") Path stateDirectory,
            @Min(10) @Max(60_000) @DefaultValue("100") long commitIntervalMs) {}

    /**
     * @param enabled whether this instance runs the planner ({@code helpstream.planner.enabled})
     * @param portalUrl base of the ticket links in emails and webhooks when the helpdesk settings
     *     name no {@code publicBaseUrl} ({@code HELPSTREAM_PORTAL_URL}, as the gateway)
     * @param fallbackFromAddress the sender when neither the ticket, its department nor any support
     *     address gives one
     */
    record Planner(
            @DefaultValue("true") boolean enabled,

            @NotBlank @Pattern(regexp = "https?://\\S+", message = "must be an absolute http(s) URL")
            @DefaultValue("http://localhost:8080")
            String portalUrl,

            @NotBlank @Pattern(regexp = "[^@\\s]+@[^@\\s]+", message = "must be an email address") @DefaultValue("support@helpstream.local")
            String fallbackFromAddress) {}
}
