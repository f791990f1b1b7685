package dev.helpstream.notifier;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/** The planner's Kafka Streams state as the {@code streams} health component. */
@Component("streams")
@ConditionalOnBooleanProperty(name = "helpstream.planner.enabled", matchIfMissing = true)
class KafkaStreamsHealthIndicator extends dev.helpstream.support.KafkaStreamsHealthIndicator {

    KafkaStreamsHealthIndicator(NotifierStreamsRuntime runtime) {
        super(runtime::streams);
    }
}
