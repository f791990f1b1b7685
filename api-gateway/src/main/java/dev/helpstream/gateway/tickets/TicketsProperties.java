package dev.helpstream.gateway.tickets;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the ticket API.
 *
 * @param blobs where the intake channels store attachments (shared with ingest-service)
 * @param streams the live streams
 */
@ConfigurationProperties("helpstream")
@Validated
record TicketsProperties(
        @Valid @NotNull @DefaultValue Blobs blobs,
        @Valid @NotNull @DefaultValue Streams streams) {

    /** @param directory the root of the file-system blob store */
    record Blobs(@NotNull @DefaultValue("data/blobs") Path directory) {}

    /**
     * @param heartbeat how often an idle stream sends a comment, so proxies keep it open
     * @param presenceTtl how long a viewer counts as present after its last sign of life
     */
    record Streams(
            @NotNull @DefaultValue("15s") Duration heartbeat,
            @NotNull @DefaultValue("30s") Duration presenceTtl) {}
}
