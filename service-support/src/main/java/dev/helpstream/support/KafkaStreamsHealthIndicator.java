package dev.helpstream.support;

import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Reports a Kafka Streams application's state: UP while running or rebalancing, DOWN otherwise (not
 * started, stopping, or failed), with the state and the thread count as details. Each stream
 * application registers one, named {@code streams}, over its own runtime.
 */
public class KafkaStreamsHealthIndicator implements HealthIndicator {

    private final Supplier<KafkaStreams> streams;

    /** @param streams the running instance, or null before it started */
    public KafkaStreamsHealthIndicator(Supplier<KafkaStreams> streams) {
        this.streams = streams;
    }

    @Override
    public Health health() {
        KafkaStreams current = streams.get();
        if (current == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = current.state();
        Health.Builder health = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? Health.up()
                : Health.down();
        return health.withDetail("state", state.name())
                .withDetail("threads", current.metadataForLocalThreads().size())
                .build();
    }
}
