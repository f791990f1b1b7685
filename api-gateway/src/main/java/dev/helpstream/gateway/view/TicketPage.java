package dev.helpstream.gateway.view;

import dev.helpstream.schema.Ticket;
import java.util.List;

/**
 * One page of a view or of search results.
 *
 * @param tickets the tickets of this page, in order
 * @param nextCursor opaque, URL-safe cursor of the next page; null when this is the last page
 * @param totalHits how many tickets match the query in all (not only after the cursor)
 */
public record TicketPage(List<Ticket> tickets, String nextCursor, long totalHits) {

    public TicketPage {
        tickets = List.copyOf(tickets);
    }
}
