package dev.helpstream.notifier.planner;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Where the record being processed came from, copied onto every delivery so an admin can trace a
 * mail or webhook call back to its event.
 */
record RecordSource(String topic, int partition, long offset) {

    static RecordSource of(ProcessorContext<?, ?> context) {
        return context.recordMetadata().map(RecordSource::of).orElse(new RecordSource("", -1, -1L));
    }

    private static RecordSource of(RecordMetadata metadata) {
        return new RecordSource(metadata.topic(), metadata.partition(), metadata.offset());
    }
}
