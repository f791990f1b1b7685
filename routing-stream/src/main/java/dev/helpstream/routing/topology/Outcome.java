package dev.helpstream.routing.topology;

import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.internal.TicketAggregate;
import java.util.List;
import java.util.Map;

/**
 * What one input (an inbound message or a command) does to the aggregate.
 *
 * @param state the ticket's new state, or null when it is unchanged
 * @param events the events, in order
 * @param directory directory entries to write (a null value removes the entry)
 * @param forward an inbound message sent on to another ticket, or null
 * @param result the answer to a command, or null for inbound messages
 */
record Outcome(
        TicketAggregate state,
        List<TicketEvent> events,
        Map<String, DirectoryEntry> directory,
        Forward forward,
        CommandResult result) {

    /** Nothing happens: a duplicate inbound message. */
    static final Outcome NOTHING = new Outcome(null, List.of(), Map.of(), null, null);

    /**
     * An inbound message sent on to another ticket, or a merge step.
     *
     * @param key the ticket id, or the sender address when the message goes through the sender gate
     * @param throughSenderGate true when the message would open a new ticket that counts against
     *     its sender's daily cap: it goes to {@code routing.sender-gate.v1}, not straight to intake
     */
    record Forward(String key, IntakeRequest request, boolean throughSenderGate) {

        Forward(String ticketId, IntakeRequest request) {
            this(ticketId, request, false);
        }
    }
}
