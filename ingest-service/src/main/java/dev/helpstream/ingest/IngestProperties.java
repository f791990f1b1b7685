package dev.helpstream.ingest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ingest service, validated at startup. What admins change at run time
 * (attachment limits, API keys, departments) is not here: it comes from {@code
 * helpdesk.config.v1}.
 *
 * @param kafka the cluster and the client timeouts
 * @param topics how the topic catalogue is created
 * @param blobs where attachments are stored
 * @param intake limits of one submission
 */
@ConfigurationProperties("helpstream")
@Validated
public record IngestProperties(
        @Valid @NotNull Kafka kafka,
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue Blobs blobs,
        @Valid @NotNull @DefaultValue Intake intake) {

    /**
     * @param bootstrapServers the cluster ({@code KAFKA_BOOTSTRAP_SERVERS}); required
     * @param sendTimeout how long a ticket waits for the broker's acknowledgement before the
     *     request fails with 503
     * @param configCatchUpTimeout how long startup waits to read the config topic to its end
     */
    public record Kafka(
            @NotBlank(message = "must name the Kafka cluster (set KAFKA_BOOTSTRAP_SERVERS)")
            String bootstrapServers,

            @NotNull @DefaultValue("30s") Duration sendTimeout,
            @NotNull @DefaultValue("60s") Duration configCatchUpTimeout) {

        @AssertTrue(message = "must be between 1s and 10m") boolean isSendTimeoutInRange() {
            return sendTimeout == null
                    || (sendTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                            && sendTimeout.compareTo(Duration.ofMinutes(10)) <= 0);
        }
    }

    /**
     * @param replicationFactor replicas per partition of the topics created at startup
     * @param partitions partitions of the scalable topics; 0 keeps the catalogue's counts
     */
    public record Topics(
            @Min(1) @Max(5) @DefaultValue("1") int replicationFactor,
            @Min(0) @Max(1000) @DefaultValue("0") int partitions) {}

    /** @param directory the root of the file-system blob store */
    public record Blobs(@NotNull @DefaultValue("data/blobs") Path directory) {}

    /**
     * @param honeypotField the form field that public posts must send empty
     * @param maxAttachments most files in one submission
     * @param maxCc most CC addresses in one submission
     * @param maxBodyChars longest body accepted, before sanitizing
     * @param idempotencyCacheSize how many recent Idempotency-Keys this instance remembers to answer
     *     retries without writing again (correctness does not depend on it)
     */
    public record Intake(
            @NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9_-]{0,63}") @DefaultValue("website")
            String honeypotField,

            @Min(0) @Max(100) @DefaultValue("10") int maxAttachments,
            @Min(0) @Max(500) @DefaultValue("20") int maxCc,
            @Min(1) @Max(1_000_000) @DefaultValue("100000") int maxBodyChars,
            @Min(0) @Max(1_000_000) @DefaultValue("10000") int idempotencyCacheSize) {}
}
