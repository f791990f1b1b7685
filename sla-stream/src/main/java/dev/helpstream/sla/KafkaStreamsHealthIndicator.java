package dev.helpstream.sla;

import org.springframework.stereotype.Component;

/** The SLA app's Kafka Streams state as the {@code streams} health component. */
@Component("streams")
class KafkaStreamsHealthIndicator extends dev.helpstream.support.KafkaStreamsHealthIndicator {

    KafkaStreamsHealthIndicator(SlaStreamsRuntime runtime) {
        super(runtime::streams);
    }
}
