package dev.helpstream.sla;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of sla-stream, validated at startup. SLA policies, calendars and the auto-close and
 * reopen settings are not here: they come from {@code helpdesk.config.v1} at run time.
 *
 * @param kafka the cluster
 * @param topics how the topics are created
 * @param streams the Kafka Streams application
 * @param sla the wall-clock timers
 * @param reports the report aggregation
 */
@ConfigurationProperties("helpstream")
@Validated
record SlaProperties(
        @Valid @NotNull Kafka kafka,
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue Streams streams,
        @Valid @NotNull @DefaultValue Sla sla,
        @Valid @NotNull @DefaultValue Reports reports) {

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
            @NotBlank @DefaultValue("helpstream-sla") String applicationId,
            @NotNull @DefaultValue("data/sla-streams") Path stateDirectory,
            @Min(10) @Max(60_000) @DefaultValue("100") long commitIntervalMs) {}

    /**
     * @param punctuateInterval how often the wall-clock punctuator fires the deadlines that are due
     * @param punctuateGrace how old a deadline must be before the wall clock fires it, above the
     *     pipeline's latency, so a ticket event recorded before it still applies first
     * @param replayLag how far behind the wall clock stream time must be, while advancing, for a task
     *     to count as replaying a backlog (then only event time fires deadlines)
     */
    record Sla(
            @NotNull @DurationMin(millis = 10) @DefaultValue("1s")
            Duration punctuateInterval,

            @NotNull @DurationMin(millis = 0) @DefaultValue("5s")
            Duration punctuateGrace,

            @NotNull @DurationMin(seconds = 1) @DefaultValue("60s")
            Duration replayLag) {}

    /** @param timeZone the zone whose calendar days the daily report figures count in */
    record Reports(@NotNull @DefaultValue("UTC") ZoneId timeZone) {}
}
