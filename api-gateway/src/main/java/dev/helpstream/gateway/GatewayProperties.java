package dev.helpstream.gateway;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the API gateway, validated at startup: a bad value stops the process with the
 * property and the reason, before any Kafka client exists.
 *
 * @param kafka the cluster and the client timeouts
 * @param topics how the topic catalogue is created
 * @param demo whether to seed the demo configuration
 */
@ConfigurationProperties("helpstream")
@Validated
record GatewayProperties(
        @Valid @NotNull Kafka kafka,
        @Valid @NotNull @DefaultValue Topics topics,
        @Valid @NotNull @DefaultValue Demo demo) {

    /**
     * @param bootstrapServers the cluster ({@code KAFKA_BOOTSTRAP_SERVERS}); required
     * @param sendTimeout how long a config write waits for the broker's acknowledgement
     * @param startupTimeout how long startup waits for topic creation and the demo seeding
     */
    record Kafka(
            @NotBlank(message = "must name the Kafka cluster (set KAFKA_BOOTSTRAP_SERVERS)")
            String bootstrapServers,

            @NotNull @DefaultValue("30s") Duration sendTimeout,
            @NotNull @DefaultValue("60s") Duration startupTimeout) {

        @AssertTrue(message = "must be between 1s and 10m") boolean isSendTimeoutInRange() {
            return inRange(sendTimeout);
        }

        @AssertTrue(message = "must be between 1s and 10m") boolean isStartupTimeoutInRange() {
            return inRange(startupTimeout);
        }

        private static boolean inRange(Duration timeout) {
            return timeout == null
                    || (timeout.compareTo(Duration.ofSeconds(1)) >= 0
                            && timeout.compareTo(Duration.ofMinutes(10)) <= 0);
        }
    }

    /**
     * @param replicationFactor replicas per partition of the topics created at startup
     * @param partitions partitions of the scalable topics; 0 keeps the catalogue's counts
     */
    record Topics(
            @Min(1) @Max(5) @DefaultValue("1") int replicationFactor,
            @Min(0) @Max(1000) @DefaultValue("0") int partitions) {}

    /**
     * @param enabled write the demo configuration at startup when the config topic is empty ({@code
     *     HELPSTREAM_DEMO}); off for a production gateway, on in the all-in-one launcher
     */
    record Demo(@DefaultValue("false") boolean enabled) {}
}
