package dev.helpstream.gateway.view;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ticket views ({@code helpstream.views}).
 *
 * @param directory where the Lucene index lives; its {@code tickets} and {@code events}
 *     subdirectories are wiped and rebuilt from the topics at each start. Empty: a new directory
 *     {@code helpstream-gateway-views-<random>} under {@code java.io.tmpdir}, deleted at stop
 * @param catchUpTimeout how long startup waits for the views to read the topics to their end;
 *     empty: {@code helpstream.kafka.startup-timeout}. Raise it for a large history
 * @param changeBuffer how many changes a slow subscriber of the live changes may fall behind
 *     before it gets an overflow error
 * @param maxPollRecords records per batch (one index refresh per batch)
 */
@ConfigurationProperties("helpstream.views")
@Validated
record ViewsProperties(
        String directory,
        Duration catchUpTimeout,
        @Min(16) @Max(1_000_000) @DefaultValue("10000") int changeBuffer,
        @Min(10) @Max(100_000) @DefaultValue("2000") int maxPollRecords) {}
