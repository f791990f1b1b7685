package dev.helpstream.gateway.view;

import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import java.util.List;

/**
 * A change of one ticket, as applied to the views.
 *
 * @param ticketId the ticket
 * @param ticket its snapshot after the change
 * @param events the events newly applied with this change, ascending version (notes included);
 *     empty when only the snapshot or the SLA changed
 * @param sla the ticket's SLA summary after the change; null when it has none
 * @param slaChanged whether this change includes an SLA change (a target set, warned, breached,
 *     met, paused, resumed, or the summary cleared); the ticket's version does not move for one
 * @param stateChanged whether this change includes a new snapshot of the ticket
 */
public record TicketChange(
        String ticketId,
        Ticket ticket,
        List<TicketEvent> events,
        SlaSummary sla,
        boolean slaChanged,
        boolean stateChanged) {

    public TicketChange {
        events = List.copyOf(events);
    }

    /**
     * Whether only the SLA changed: no event, no new snapshot. Customers never hear of one, not
     * even its time (it would tell them when a warning or breach fired).
     */
    public boolean slaOnly() {
        return slaChanged && !stateChanged && events.isEmpty();
    }
}
