package dev.helpstream.notifier.planner;

import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.TicketDeleted;
import dev.helpstream.schema.event.TicketOpened;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each ticket's notification context in {@code ticket-context} (ticket id → {@link Ticket},
 * folded by {@link TicketContexts}) and the tickets opened by machine-written mail in {@code
 * machine-tickets} (ticket id → id of the opening event), and hands every new event with its
 * context before and after to the planners.
 *
 * <p>Input: {@code tickets.events.v1}. Output: {@link TicketChange}s to the customer, agent and
 * webhook planners. Invariant: each event version is applied and planned once (an event at or
 * below the stored version was applied already and is dropped); an event of a ticket without
 * context (opened before the notifier's history, or hard-deleted) is skipped. A hard delete
 * removes both entries. Both stores are folded from the events alone, so a replay or a restore
 * from their changelogs marks the same tickets.
 */
final class TicketContextProcessor implements Processor<String, TicketEvent, String, TicketChange> {

    private static final Logger log = LoggerFactory.getLogger(TicketContextProcessor.class);

    private ProcessorContext<String, TicketChange> context;
    private KeyValueStore<String, Ticket> contexts;
    private KeyValueStore<String, String> machineTickets;

    @Override
    public void init(ProcessorContext<String, TicketChange> context) {
        this.context = context;
        this.contexts = context.getStateStore(NotificationTopology.CONTEXT_STORE);
        this.machineTickets = context.getStateStore(NotificationTopology.MACHINE_TICKETS_STORE);
    }

    @Override
    public void process(Record<String, TicketEvent> record) {
        TicketEvent event = record.value();
        if (event == null) {
            return;
        }
        String ticketId = event.getTicketId();
        Ticket before = contexts.get(ticketId);
        if (before != null && event.getVersion() <= before.getVersion()) {
            log.debug(
                    "Event {} (version {}) of ticket {} was applied already",
                    event.getEventId(),
                    event.getVersion(),
                    ticketId);
            return;
        }
        Ticket after;
        if (event.getPayload() instanceof TicketOpened opened) {
            after = TicketContexts.opened(event, opened);
        } else if (before == null) {
            log.debug("Event {} of ticket {} skipped: no context for the ticket", event.getEventId(), ticketId);
            return;
        } else {
            after = TicketContexts.apply(before, event);
        }
        if (event.getPayload() instanceof TicketOpened opened) {
            // The Ticket snapshot has no field for it, so the mark lives in a store of its own.
            if (opened.getAutoReplyAllowed()) {
                if (machineTickets.get(ticketId) != null) {
                    machineTickets.delete(ticketId);
                }
            } else {
                machineTickets.put(ticketId, event.getEventId());
            }
        }
        boolean openedByMachine = machineTickets.get(ticketId) != null;
        if (event.getPayload() instanceof TicketDeleted deleted && !deleted.getSoftDelete()) {
            contexts.delete(ticketId);
            machineTickets.delete(ticketId);
        } else {
            contexts.put(ticketId, after);
        }
        context.forward(
                new Record<>(ticketId, new TicketChange(event, before, after, openedByMachine), record.timestamp()));
    }
}
