package dev.helpstream.launcher;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the all-in-one launcher, validated at startup.
 *
 * @param dataDirectory where the services keep their local state (Kafka Streams stores)
 * @param kafka where Kafka is, or how to run the embedded broker
 * @param topics how the topic catalogue is created
 * @param services the ports of the services the launcher runs
 * @param mail where mail comes in and where the notifier sends it
 * @param demo whether the gateway seeds the demo configuration into an empty config topic ({@code
 *     HELPSTREAM_DEMO}, on by default for the quick start)
 */
@ConfigurationProperties("helpstream")
@Validated
record LauncherProperties(
        @NotNull @DefaultValue("data") Path dataDirectory,
        @Valid @NotNull Kafka kafka,
        @Valid @NotNull Topics topics,
        @Valid @NotNull Services services,
        @Valid @NotNull Mail mail,
        @DefaultValue("true") boolean demo) {

    /**
     * @param bootstrapServers an external cluster ({@code KAFKA_BOOTSTRAP_SERVERS}); blank starts the
     *     embedded broker
     * @param embedded the embedded broker's settings
     */
    record Kafka(
            @DefaultValue("") String bootstrapServers,
            @Valid @NotNull Embedded embedded) {

        boolean external() {
            return bootstrapServers != null && !bootstrapServers.isBlank();
        }
    }

    /**
     * @param dataDirectory where the broker keeps its logs across starts
     * @param port the client port of the first node
     * @param nodes 1, or 3 for a replicated cluster in the same JVM
     */
    record Embedded(
            @NotNull @DefaultValue("data/kafka") Path dataDirectory,
            @Min(0) @Max(65535) @DefaultValue("9092") int port,
            @DefaultValue("1") int nodes) {

        @AssertTrue(message = "must be 1 or 3") boolean isNodes() {
            return nodes == 1 || nodes == 3;
        }
    }

    /**
     * @param replicationFactor replicas per partition; 0 takes the embedded cluster's size, or 1
     * @param partitions partitions of the scalable topics; 0 keeps the catalogue's counts
     */
    record Topics(
            @Min(0) @Max(5) @DefaultValue("0") int replicationFactor,
            @Min(0) @Max(1000) @DefaultValue("0") int partitions) {}

    /**
     * @param routingPort routing-stream's HTTP port (health, metrics); 0 picks a free one
     * @param ingestPort ingest-service's HTTP port (the ticket API); 0 picks a free one
     * @param gatewayPort api-gateway's HTTP port; 0 picks a free one
     * @param notifierPort notifier-service's HTTP port (health, metrics); 0 picks a free one
     * @param slaPort sla-stream's HTTP port (health, metrics); 0 picks a free one
     */
    record Services(
            @Min(0) @Max(65535) @DefaultValue("8082") int routingPort,
            @Min(0) @Max(65535) @DefaultValue("8081") int ingestPort,
            @Min(0) @Max(65535) @DefaultValue("8080") int gatewayPort,
            @Min(0) @Max(65535) @DefaultValue("8083") int notifierPort,
            @Min(0) @Max(65535) @DefaultValue("8084") int slaPort) {}

    /**
     * @param smtpPort the port of ingest-service's SMTP listener (mail to the support addresses); 0
     *     picks a free one
     * @param relayHost the SMTP relay the notifier sends through ({@code NOTIFIER_SMTP_HOST}); blank
     *     starts the demo mail sink and sends there
     * @param relayPort the relay's port
     * @param sink the demo mail sink
     */
    record Mail(
            @Min(0) @Max(65535) @DefaultValue("2525") int smtpPort,
            @DefaultValue("") String relayHost,
            @Min(1) @Max(65535) @DefaultValue("25") int relayPort,
            @Valid @NotNull Sink sink) {

        boolean useSink() {
            return relayHost == null || relayHost.isBlank();
        }
    }

    /**
     * The demo mail sink: an SMTP server that keeps every message in a mailbox per recipient,
     * readable over IMAP with the address as user name and any password.
     *
     * @param smtpPort where the notifier delivers; 0 picks a free one
     * @param imapPort where mail clients read; 0 picks a free one
     */
    record Sink(
            @Min(0) @Max(65535) @DefaultValue("3025") int smtpPort,
            @Min(0) @Max(65535) @DefaultValue("3143") int imapPort) {}
}
