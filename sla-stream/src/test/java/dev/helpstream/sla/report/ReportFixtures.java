package dev.helpstream.sla.report;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.AttachmentAdded;
import dev.helpstream.schema.event.CategoryChanged;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.ReopenTrigger;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketMerged;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.schema.event.TicketTransferred;
import dev.helpstream.schema.event.TimeLogged;
import dev.helpstream.schema.event.TimerStopped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Ticket and SLA events as routing-stream and sla-stream write them, reduced to what reports read. */
final class ReportFixtures {

    static final Actor CUSTOMER = new Actor(ActorKind.CUSTOMER, "carol@example.com", "Carol", "carol@example.com");
    static final Actor SYSTEM = new Actor(ActorKind.SYSTEM, "routing", null, null);

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private ReportFixtures() {}

    static Actor agent(String id) {
        return new Actor(ActorKind.AGENT, id, id, id + "@helpdesk.test");
    }

    static Actor admin(String id) {
        return new Actor(ActorKind.ADMIN, id, id, id + "@helpdesk.test");
    }

    static AttachmentRef file(String id, long bytes) {
        return AttachmentRef.newBuilder()
                .setAttachmentId(id)
                .setFileName(id + ".png")
                .setContentType("image/png")
                .setSizeBytes(bytes)
                .setSha256("0".repeat(64))
                .setStorageKey("sha256:" + "0".repeat(64))
                .build();
    }

    static TicketOpened opened(String departmentId, String categoryId, AttachmentRef... files) {
        return TicketOpened.newBuilder()
                .setSubject("Website down")
                .setCustomer(new Contact("carol@example.com", "Carol", null))
                .setChannel(Channel.EMAIL)
                .setDepartmentId(departmentId)
                .setPriorityId("normal")
                .setCategoryId(categoryId)
                .setStatusId("open")
                .setLifecycle(LifecycleState.OPEN)
                .setFirstMessageId("m1")
                .setBody(new MessageBody("Our shop returns a 502.", null, null))
                .setAttachments(List.of(files))
                .build();
    }

    static MessageAdded message(Actor author, MessageDirection direction, AttachmentRef... files) {
        return MessageAdded.newBuilder()
                .setMessageId("m" + SEQUENCE.incrementAndGet())
                .setAuthor(author)
                .setFrom(new Contact(
                        author.getEmail() == null ? "support@helpdesk.test" : author.getEmail(), null, null))
                .setDirection(direction)
                .setChannel(direction == MessageDirection.INBOUND ? Channel.EMAIL : Channel.STAFF)
                .setBody(new MessageBody("text", null, null))
                .setAttachments(List.of(files))
                .build();
    }

    static NoteAdded note(AttachmentRef... files) {
        return NoteAdded.newBuilder()
                .setNoteId("n" + SEQUENCE.incrementAndGet())
                .setBody(new MessageBody("internal", null, null))
                .setAttachments(List.of(files))
                .build();
    }

    static AttachmentAdded attachmentAdded(AttachmentRef file, String messageId) {
        return new AttachmentAdded(file, messageId);
    }

    static TicketClosed closed() {
        return new TicketClosed(CloseReason.AGENT, null, "open", "closed");
    }

    /** The close a merge brings to the ticket merged away, right after its {@link #merged}. */
    static TicketClosed closedByMerge() {
        return new TicketClosed(CloseReason.MERGED, null, "open", "closed");
    }

    static TicketMerged merged(String intoTicketId, long intoTicketNumber) {
        return new TicketMerged(intoTicketId, intoTicketNumber);
    }

    static TicketReopened reopened() {
        return new TicketReopened(ReopenTrigger.CUSTOMER, null, "closed", "open", null);
    }

    static TicketTransferred transferred(String from, String to) {
        return new TicketTransferred(from, to, null, null, null);
    }

    static CategoryChanged categoryChanged(String from, String to) {
        return new CategoryChanged(from, to);
    }

    static TimeLogged timeLogged(String agentId, int minutes, Instant workedAt) {
        return TimeLogged.newBuilder()
                .setEntryId("e" + SEQUENCE.incrementAndGet())
                .setAgentId(agentId)
                .setMinutes(minutes)
                .setWorkedAt(workedAt)
                .build();
    }

    static TimerStopped timerStopped(String agentId, int minutes, Instant startedAt) {
        return new TimerStopped(agentId, startedAt, minutes, "e" + SEQUENCE.incrementAndGet());
    }

    /** The event with the given payload, as routing writes it (occurredAt = the record timestamp). */
    static TicketEvent event(String ticketId, Instant at, Actor actor, Object payload) {
        return TicketEvent.newBuilder()
                .setEventId("ev-" + SEQUENCE.incrementAndGet())
                .setTicketId(ticketId)
                .setTicketNumber(10_000)
                .setVersion(SEQUENCE.get())
                .setOccurredAt(at)
                .setActor(actor)
                .setPayload(payload)
                .build();
    }

    /** An SLA event as the clock engine writes it: a {@code MET} with time short is late. */
    static SlaEvent sla(
            String ticketId, Instant at, SlaEventKind kind, SlaMetric metric, String departmentId, Long remaining) {
        boolean late = kind == SlaEventKind.MET && remaining != null && remaining < 0;
        return sla(ticketId, at, kind, metric, departmentId, remaining, late);
    }

    static SlaEvent sla(
            String ticketId,
            Instant at,
            SlaEventKind kind,
            SlaMetric metric,
            String departmentId,
            Long remaining,
            boolean late) {
        return SlaEvent.newBuilder()
                .setEventId("sla-" + SEQUENCE.incrementAndGet())
                .setTicketId(ticketId)
                .setTicketNumber(10_000)
                .setOccurredAt(at)
                .setKind(kind)
                .setMetric(metric)
                .setPolicyId("gold")
                .setRemainingBusinessMillis(remaining)
                .setLate(late)
                .setDepartmentId(departmentId)
                .build();
    }
}
