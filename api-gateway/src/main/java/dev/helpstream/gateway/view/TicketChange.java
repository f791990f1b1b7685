package dev.helpstream.gateway.view;

import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import java.util.List;

/**
 * A change of one ticket, as applied to the views.
 *
 * @param ticketId the ticket
 * @param ticket its snapshot after the change
 * @param events the events newly applied with this change, ascending version (notes included);
 *     empty when only the snapshot arrived
 */
public record TicketChange(String ticketId, Ticket ticket, List<TicketEvent> events) {

    public TicketChange {
        events = List.copyOf(events);
    }
}
