package dev.helpstream.sla.topology;

import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.TicketEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;

/** The clock processor with its stores attached. */
final class ClockProcessorSupplier implements ProcessorSupplier<String, TicketEvent, String, SlaEvent> {

    private final SlaTopology.Settings settings;

    ClockProcessorSupplier(SlaTopology.Settings settings) {
        this.settings = settings;
    }

    @Override
    public Processor<String, TicketEvent, String, SlaEvent> get() {
        return new Processor<>() {
            @Override
            public void init(ProcessorContext<String, SlaEvent> context) {}

            @Override
            public void process(Record<String, TicketEvent> record) {}
        };
    }
}
