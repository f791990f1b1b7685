package dev.helpstream.sla.topology;

import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.internal.SlaClockState;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/** The clock processor with its two stores attached (both changelogged, so a restart rebuilds them). */
final class ClockProcessorSupplier implements ProcessorSupplier<String, TicketEvent, String, SlaEvent> {

    private final SlaTopology.Settings settings;

    ClockProcessorSupplier(SlaTopology.Settings settings) {
        this.settings = settings;
    }

    @Override
    public Processor<String, TicketEvent, String, SlaEvent> get() {
        return new SlaClockProcessor(settings);
    }

    @Override
    public Set<StoreBuilder<?>> stores() {
        return Set.of(
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SlaTopology.CLOCK_STORE),
                        Serdes.String(),
                        SingleObjectAvroSerdes.instance().serde(SlaClockState.class)),
                Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(SlaTopology.DEADLINE_INDEX), Serdes.String(), Serdes.String()));
    }
}
