package dev.helpstream.gateway.view;

import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.schema.Ticket;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One page of a view or of search results.
 *
 * @param tickets the tickets of this page, in order
 * @param nextCursor opaque, URL-safe cursor of the next page; null when this is the last page
 * @param totalHits how many tickets match the query in all (not only after the cursor)
 * @param sla the SLA summary of each ticket of the page that has one, by ticket id, read with the
 *     snapshot
 */
public record TicketPage(List<Ticket> tickets, String nextCursor, long totalHits, Map<String, SlaSummary> sla) {

    public TicketPage {
        tickets = List.copyOf(tickets);
        sla = Map.copyOf(sla);
    }

    /** The SLA summary of a ticket of this page, if it has one. */
    public Optional<SlaSummary> slaOf(String ticketId) {
        return Optional.ofNullable(sla.get(ticketId));
    }
}
