package dev.helpstream.notifier;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Reports the planner's Kafka Streams state as {@code streams}: UP while running or rebalancing,
 * DOWN otherwise (not started, stopping, or failed), with the state and the thread count as
 * details.
 */
@Component("streams")
@ConditionalOnBooleanProperty(name = "helpstream.planner.enabled", matchIfMissing = true)
class KafkaStreamsHealthIndicator implements HealthIndicator {

    private final NotifierStreamsRuntime runtime;

    KafkaStreamsHealthIndicator(NotifierStreamsRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        KafkaStreams streams = runtime.streams();
        if (streams == null) {
            return Health.down().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = streams.state();
        Health.Builder health = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING
                ? Health.up()
                : Health.down();
        return health.withDetail("state", state.name())
                .withDetail("threads", streams.metadataForLocalThreads().size())
                .build();
    }
}
