package dev.helpstream.routing.topology;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.internal.TicketAggregate;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The ticket aggregate: the single writer of ticket events.
 *
 * <p>Input: {@code routing.intake.v1} (keyed by ticket id). Outputs: events on {@code
 * tickets.events.v1}, the snapshot on {@code tickets.state.v1}, directory entries on {@code
 * routing.directory.v1}, and messages sent on to another ticket back to {@code routing.intake.v1}.
 * Stores: {@value RoutingTopology#TICKET_STORE} (ticket id to aggregate) and {@value
 * RoutingTopology#NUMBER_STORE} (this partition's ticket counter). Invariant: a ticket's version
 * equals the number of events it has published, and a channel message id is applied to a ticket at
 * most once.
 */
final class TicketAggregateProcessor implements Processor<String, IntakeRequest, String, SpecificRecord> {

    private final int partitions;
    private final long numberBase;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, TicketAggregate> tickets;
    private KeyValueStore<String, Long> counters;
    private IntakeDecider decider;

    TicketAggregateProcessor(int partitions, long numberBase) {
        this.partitions = partitions;
        this.numberBase = numberBase;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.tickets = context.getStateStore(RoutingTopology.TICKET_STORE);
        this.counters = context.getStateStore(RoutingTopology.NUMBER_STORE);
        ReadOnlyKeyValueStore<String, ConfigEntity> config = context.getStateStore(RoutingTopology.CONFIG_STORE);
        ReadOnlyKeyValueStore<String, DirectoryEntry> directory =
                context.getStateStore(RoutingTopology.DIRECTORY_STORE);
        this.decider = new IntakeDecider(
                new HelpdeskConfig(config), email -> directory.get(DirectoryKeys.spamSender(email)) != null);
    }

    @Override
    public void process(Record<String, IntakeRequest> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        Instant now = Instant.ofEpochMilli(record.timestamp());
        IntakeDecider.Outcome outcome =
                decider.decide(record.key(), tickets.get(record.key()), record.value(), now, this::nextNumber);
        apply(record, outcome);
    }

    private void apply(Record<String, ?> cause, IntakeDecider.Outcome outcome) {
        if (outcome.state() != null) {
            String ticketId = outcome.state().getTicket().getTicketId();
            tickets.put(ticketId, outcome.state());
            for (TicketEvent event : outcome.events()) {
                context.forward(cause.withKey(ticketId).withValue((SpecificRecord) event), RoutingTopology.EVENTS_SINK);
            }
            context.forward(
                    cause.withKey(ticketId)
                            .withValue((SpecificRecord) outcome.state().getTicket()),
                    RoutingTopology.STATE_SINK);
        }
        for (Map.Entry<String, DirectoryEntry> entry : outcome.directory().entrySet()) {
            context.forward(
                    cause.withKey(entry.getKey()).withValue((SpecificRecord) entry.getValue()),
                    RoutingTopology.DIRECTORY_SINK);
        }
        if (outcome.forward() != null) {
            context.forward(
                    cause.withKey(outcome.forward().ticketId())
                            .withValue((SpecificRecord) outcome.forward().request()),
                    RoutingTopology.INTAKE_SINK);
        }
    }

    private long nextNumber() {
        int partition = context.recordMetadata()
                .orElseThrow(() -> new IllegalStateException("ticket numbers need the record's partition"))
                .partition();
        String key = "partition-" + partition;
        Long used = counters.get(key);
        long counter = used == null ? 0 : used + 1;
        counters.put(key, counter);
        return dev.helpstream.routing.ticket.TicketNumbers.number(numberBase, counter, partition, partitions);
    }
}
