package dev.helpstream.routing;

import org.springframework.stereotype.Component;

/** routing-stream's Kafka Streams state as the {@code streams} health component. */
@Component("streams")
class KafkaStreamsHealthIndicator extends dev.helpstream.support.KafkaStreamsHealthIndicator {

    KafkaStreamsHealthIndicator(RoutingStreamsRuntime runtime) {
        super(runtime::streams);
    }
}
