package dev.helpstream.gateway;

import dev.helpstream.support.config.ConfigEntities;
import dev.helpstream.support.config.ConfigTopicReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The gateway's live copy of {@code helpdesk.config.v1} ({@link ConfigTopicReader}): agents,
 * departments, API keys, canned responses and settings for authentication, authorization and the
 * admin API. Startup waits until the topic is read to its end, after the demo seeding and before
 * the web server opens, so the first request already sees the configuration.
 */
@Component
public class ConfigView implements SmartLifecycle {

    /**
     * After the demo seeding, so the seeded set is read, and before the views and the web server
     * (phase {@code Integer.MAX_VALUE - 2048}).
     */
    public static final int PHASE = Integer.MAX_VALUE - 4096;

    private static final Logger log = LoggerFactory.getLogger(ConfigView.class);

    private final GatewayProperties properties;
    private final ConfigTopicReader reader;

    ConfigView(GatewayProperties properties, MeterRegistry meters) {
        this.properties = properties;
        Counter skipped = Counter.builder("helpstream.gateway.config.skipped")
                .description("Config records that could not be decoded and were skipped")
                .register(meters);
        this.reader = new ConfigTopicReader(
                properties.kafka().bootstrapServers(), "api-gateway-config", reason -> skipped.increment());
    }

    /** The configuration as last read. */
    public ConfigEntities snapshot() {
        return reader.snapshot();
    }

    /** Called with each new snapshot, on the reader thread; keep it short. */
    public void addListener(Consumer<ConfigEntities> listener) {
        reader.addListener(listener);
    }

    /** Completes once the written record is in the snapshot: read-your-writes for the admin API. */
    public Mono<ConfigEntities> awaitApplied(RecordMetadata written) {
        CompletableFuture<Void> applied = reader.awaitApplied(written.partition(), written.offset());
        return Mono.fromFuture(applied)
                .timeout(properties.kafka().sendTimeout())
                .then(Mono.fromSupplier(this::snapshot));
    }

    @Override
    public void start() {
        reader.start(properties.kafka().startupTimeout());
        log.info(
                "Read {} config records; {} live entities",
                reader.recordsRead(),
                reader.snapshot().size());
    }

    @Override
    public void stop() {
        reader.close();
    }

    @Override
    public boolean isRunning() {
        return reader.isRunning();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
