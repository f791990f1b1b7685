package dev.helpstream.notifier.planner;

import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;

/**
 * One ticket event with the ticket's notification context just before and just after it, as the
 * context processor hands it to the planners (in memory, never serialized).
 *
 * @param event the event
 * @param before the context before the event; null for {@code TicketOpened}
 * @param after the context after the event
 * @param openedByMachine whether the ticket was opened by machine-written mail ({@code
 *     TicketOpened.autoReplyAllowed=false}): nothing automatic is ever sent to its customer
 */
record TicketChange(TicketEvent event, Ticket before, Ticket after, boolean openedByMachine) {

    /** The same change with another context after the event. */
    TicketChange withAfter(Ticket ticket) {
        return new TicketChange(event, before, ticket, openedByMachine);
    }
}
