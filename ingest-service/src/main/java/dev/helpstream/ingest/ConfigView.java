package dev.helpstream.ingest;

import dev.helpstream.support.config.ConfigTopicReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * A live, in-memory copy of the configuration on {@code helpdesk.config.v1}, as the ingest service
 * uses it.
 *
 * <p>Input: {@code helpdesk.config.v1}, read by the shared {@link ConfigTopicReader} (every
 * partition, from the beginning, no consumer group, read committed). Output: none; {@link
 * #snapshot()} for the request path. Invariant: the snapshot is derived from one whole snapshot of
 * the reader, once per change, so a request never sees a half-applied batch. A record that cannot
 * be decoded is logged, counted ({@code helpstream.ingest.config.skipped}) and skipped, keeping the
 * key's previous value: the ingest service writes nothing but inbound messages, so no dead letter
 * is written for it.
 *
 * <p>Startup waits (up to {@code helpstream.kafka.config-catch-up-timeout}) until the topic is read
 * to the end offsets found at start, before the web server opens: otherwise the first requests
 * would see no API keys and default settings. Later changes apply within one poll, no restart.
 */
@Component
public class ConfigView implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigView.class);

    private final ConfigTopicReader reader;
    private final Duration catchUpTimeout;
    private volatile ConfigSnapshot snapshot = ConfigSnapshot.EMPTY;
    private final List<Consumer<ConfigSnapshot>> listeners = new CopyOnWriteArrayList<>();

    ConfigView(IngestProperties properties, MeterRegistry meters) {
        Counter skipped = Counter.builder("helpstream.ingest.config.skipped")
                .description("Config records that could not be decoded and were skipped")
                .register(meters);
        this.reader = new ConfigTopicReader(
                properties.kafka().bootstrapServers(), "ingest-service-config", reason -> skipped.increment());
        this.catchUpTimeout = properties.kafka().configCatchUpTimeout();
        // Derived once per change on the reader thread, not on every request (API keys by hash).
        reader.addListener(entities -> {
            ConfigSnapshot changed = ConfigSnapshot.of(entities);
            snapshot = changed;
            listeners.forEach(listener -> listener.accept(changed));
        });
    }

    /** The configuration as last read. */
    public ConfigSnapshot snapshot() {
        return snapshot;
    }

    /**
     * Calls {@code listener} with each new snapshot, on the reader's thread: it must return quickly
     * and hand slow work to a thread of its own.
     */
    public void addListener(Consumer<ConfigSnapshot> listener) {
        listeners.add(listener);
    }

    /** Whether the topic has been read to the end offsets found at startup. */
    boolean caughtUp() {
        return reader.caughtUp();
    }

    long recordsRead() {
        return reader.recordsRead();
    }

    /** When the newest config record applied was written, or null before the first. */
    Instant lastChange() {
        return reader.lastChange();
    }

    @Override
    public void start() {
        reader.start(catchUpTimeout);
        ConfigSnapshot current = snapshot;
        log.info(
                "Read {} config records; {} API keys, {} departments, {} services, settings {}",
                recordsRead(),
                current.apiKeysByHash().size(),
                current.departments().size(),
                current.services().size(),
                current.settings().isPresent() ? "saved" : "default");
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
        // Before the web server (which starts late in the default phase) so that no request is
        // served with an empty configuration.
        return 0;
    }
}
