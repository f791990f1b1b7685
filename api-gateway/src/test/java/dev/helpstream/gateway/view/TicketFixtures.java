package dev.helpstream.gateway.view;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import java.time.Instant;

/**
 * Hand-built tickets and events for the views' tests: a ticket numbered {@code n} is opened at
 * {@link #T0} plus {@code n} minutes by {@code customer-n@example.com}, in department {@code
 * support}, status {@code open}, priority {@code normal}, unassigned; the builders change the rest.
 */
final class TicketFixtures {

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final Actor AGENT = new Actor(ActorKind.AGENT, "ann", "Ann Agent", "ann@helpdesk.example");
    static final Actor SYSTEM = new Actor(ActorKind.SYSTEM, "routing", null, null);

    static {
        // Avro fills record-typed defaults only for trusted classes; loading the serdes trusts
        // Helpstream's, as in the running gateway.
        SingleObjectAvroSerdes.instance();
    }

    private TicketFixtures() {}

    static String id(long number) {
        return "t-" + number;
    }

    /** The ticket numbered {@code number} at version 1, as opened. */
    static Ticket.Builder ticket(long number) {
        Instant opened = T0.plusSeconds(60 * number);
        return Ticket.newBuilder()
                .setTicketId(id(number))
                .setNumber(number)
                .setVersion(1)
                .setSubject("Ticket " + number)
                .setCustomer(new Contact("customer-" + number + "@example.com", null, null))
                .setChannel(Channel.EMAIL)
                .setDepartmentId("support")
                .setPriorityId("normal")
                .setStatusId("open")
                .setLifecycle(LifecycleState.OPEN)
                .setCreatedAt(opened)
                .setUpdatedAt(opened);
    }

    /** The TicketOpened event (version 1) of this ticket, with this first message. */
    static TicketEvent opened(Ticket ticket, String body) {
        TicketOpened opened = TicketOpened.newBuilder()
                .setSubject(ticket.getSubject())
                .setCustomer(ticket.getCustomer())
                .setChannel(ticket.getChannel())
                .setDepartmentId(ticket.getDepartmentId())
                .setPriorityId(ticket.getPriorityId())
                .setStatusId(ticket.getStatusId())
                .setLifecycle(ticket.getLifecycle())
                .setFirstMessageId("m-" + ticket.getNumber() + "-1")
                .setBody(body(body))
                .build();
        Actor customer = new Actor(
                ActorKind.CUSTOMER,
                ticket.getCustomer().getEmail(),
                ticket.getCustomer().getDisplayName(),
                ticket.getCustomer().getEmail());
        return event(ticket.getTicketId(), ticket.getNumber(), 1, customer, opened);
    }

    /** A public staff reply by {@link #AGENT}. */
    static TicketEvent reply(Ticket ticket, long version, String body) {
        MessageAdded message = MessageAdded.newBuilder()
                .setMessageId("m-" + ticket.getNumber() + "-" + version)
                .setAuthor(AGENT)
                .setFrom(new Contact("support@helpdesk.example", "Helpdesk Support", null))
                .setDirection(MessageDirection.OUTBOUND)
                .setChannel(Channel.STAFF)
                .setBody(body(body))
                .build();
        return event(ticket.getTicketId(), ticket.getNumber(), version, AGENT, message);
    }

    /** An internal note by {@link #AGENT}. */
    static TicketEvent note(Ticket ticket, long version, String body) {
        NoteAdded note = NoteAdded.newBuilder()
                .setNoteId("n-" + ticket.getNumber() + "-" + version)
                .setBody(body(body))
                .build();
        return event(ticket.getTicketId(), ticket.getNumber(), version, AGENT, note);
    }

    /** A status change, an event without text. */
    static TicketEvent statusChanged(Ticket ticket, long version, String from, String to) {
        StatusChanged changed = new StatusChanged(from, to, LifecycleState.OPEN, LifecycleState.OPEN);
        return event(ticket.getTicketId(), ticket.getNumber(), version, AGENT, changed);
    }

    private static TicketEvent event(String ticketId, long number, long version, Actor actor, Object payload) {
        return TicketEvent.newBuilder()
                .setEventId(ticketId + "-e" + version)
                .setTicketId(ticketId)
                .setTicketNumber(number)
                .setVersion(version)
                .setOccurredAt(T0.plusSeconds(60 * number + version))
                .setActor(actor)
                .setPayload(payload)
                .build();
    }

    private static MessageBody body(String text) {
        return MessageBody.newBuilder().setText(text).build();
    }
}
