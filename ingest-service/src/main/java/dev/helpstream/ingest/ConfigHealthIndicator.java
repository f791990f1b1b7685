package dev.helpstream.ingest;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health of the config view: UP while the reader runs and has read the topic to the end it found
 * at startup, with what it knows. DOWN when the reader stopped: settings and API key changes would
 * no longer apply.
 */
@Component("config")
class ConfigHealthIndicator implements ReactiveHealthIndicator {

    private final ConfigView config;

    ConfigHealthIndicator(ConfigView config) {
        this.config = config;
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromSupplier(() -> {
            ConfigSnapshot snapshot = config.snapshot();
            Health.Builder health = config.isRunning() && config.caughtUp() ? Health.up() : Health.down();
            return health.withDetail("recordsRead", config.recordsRead())
                    .withDetail("apiKeys", snapshot.apiKeysByHash().size())
                    .withDetail("departments", snapshot.departments().size())
                    .withDetail("services", snapshot.services().size())
                    .withDetail("settings", snapshot.settings().isPresent() ? "saved" : "default")
                    .withDetail("maxAttachmentBytes", snapshot.attachments().maxBytes())
                    .withDetail("lastChange", String.valueOf(config.lastChange()))
                    .build();
        });
    }
}
