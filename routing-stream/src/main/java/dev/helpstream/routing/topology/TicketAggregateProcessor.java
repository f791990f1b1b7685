package dev.helpstream.routing.topology;

import dev.helpstream.routing.ticket.TicketNumbers;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.internal.TicketAggregate;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The ticket aggregate: the single writer of ticket events.
 *
 * <p>Inputs: {@code routing.intake.v1}, {@code tickets.commands.v1} and {@code tickets.sla.v1} (only
 * its inactivity timers, {@code AUTO_CLOSE_DUE}, close tickets), all keyed by ticket id and
 * co-partitioned. Outputs: events on {@code tickets.events.v1}, the snapshot on {@code
 * tickets.state.v1}, command answers on {@code tickets.command-results.v1} (keyed by correlation
 * id), directory entries on {@code routing.directory.v1}, and messages sent on to another ticket
 * back to {@code routing.intake.v1} (or, when they would open a new ticket, through the sender gate
 * on {@code routing.sender-gate.v1}). Stores: {@value RoutingTopology#TICKET_STORE} (ticket id to
 * aggregate) and {@value RoutingTopology#NUMBER_STORE} (this partition's ticket counter).
 * Invariant: a ticket's version equals the number of events it has published; a channel message id
 * and a command id are applied to a ticket at most once.
 */
final class TicketAggregateProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private final int partitions;
    private final long numberBase;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, TicketAggregate> tickets;
    private KeyValueStore<String, Long> counters;
    private IntakeDecider intake;
    private CommandDecider commands;

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
        HelpdeskConfig helpdesk = new HelpdeskConfig(config);
        Predicate<String> spamSender = email -> directory.get(DirectoryKeys.spamSender(email)) != null;
        this.intake = new IntakeDecider(helpdesk, spamSender);
        this.commands = new CommandDecider(helpdesk, spamSender);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.key() == null || record.value() == null) {
            return;
        }
        Instant now = Instant.ofEpochMilli(record.timestamp());
        TicketAggregate current = tickets.get(record.key());
        Outcome outcome;
        if (record.value() instanceof IntakeRequest request && request.getMerge() != null) {
            outcome = commands.decideMerge(record.key(), current, request.getMerge(), now);
        } else if (record.value() instanceof IntakeRequest request) {
            outcome = intake.decide(record.key(), current, request, now, this::nextNumber);
        } else if (record.value() instanceof TicketCommand command) {
            outcome = commands.decide(record.key(), current, command, now, this::nextNumber);
        } else if (record.value() instanceof SlaEvent sla) {
            outcome = commands.decideSla(record.key(), current, sla, now);
        } else {
            throw new IllegalArgumentException(
                    "unexpected input " + record.value().getClass().getName());
        }
        apply(record, outcome);
    }

    private void apply(Record<String, ?> cause, Outcome outcome) {
        if (outcome.state() != null) {
            tickets.put(outcome.state().getTicket().getTicketId(), outcome.state());
        }
        for (TicketEvent event : outcome.events()) {
            context.forward(
                    cause.withKey(event.getTicketId()).withValue((SpecificRecord) event), RoutingTopology.EVENTS_SINK);
        }
        if (outcome.state() != null && !outcome.events().isEmpty()) {
            // Bookkeeping alone (a pending merge) changes nothing integrators can see.
            Ticket snapshot = outcome.state().getTicket();
            context.forward(
                    cause.withKey(snapshot.getTicketId()).withValue((SpecificRecord) snapshot),
                    RoutingTopology.STATE_SINK);
        }
        for (Map.Entry<String, DirectoryEntry> entry : outcome.directory().entrySet()) {
            context.forward(
                    cause.withKey(entry.getKey()).withValue((SpecificRecord) entry.getValue()),
                    RoutingTopology.DIRECTORY_SINK);
        }
        if (outcome.result() != null) {
            context.forward(
                    cause.withKey(outcome.result().getCorrelationId()).withValue((SpecificRecord) outcome.result()),
                    RoutingTopology.RESULTS_SINK);
        }
        if (outcome.forward() != null) {
            context.forward(
                    cause.withKey(outcome.forward().key())
                            .withValue((SpecificRecord) outcome.forward().request()),
                    outcome.forward().throughSenderGate()
                            ? RoutingTopology.RESEND_GATE_SINK
                            : RoutingTopology.INTAKE_SINK);
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
        return TicketNumbers.number(numberBase, counter, partition, partitions);
    }
}
