package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.json.AvroJson;
import dev.helpstream.gateway.sla.SlaSummary;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.support.content.MessageBodies;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How tickets and their conversations look in the API: staff get every field and every event
 * (notes included); customers get their ticket's public face and the public part of the
 * conversation only — messages, closing and reopening — never notes, internal flags, time entries,
 * assignments or SLA data.
 */
@Component
class TicketJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ConfigView config;
    private final Clock clock;
    private final SlaJson sla;

    TicketJson(ConfigView config, Clock clock, SlaJson sla) {
        this.config = config;
        this.clock = clock;
        this.sla = sla;
    }

    /** The message body of an API request: plain text kept as is, HTML sanitized. */
    MessageBody body(String text, String html) {
        return html != null && !html.isBlank() ? MessageBodies.fromHtml(html) : MessageBodies.fromText(text);
    }

    JsonNode staffTicket(Ticket ticket) {
        return AvroJson.toJson(ticket);
    }

    /** The ticket's SLA block for staff (see {@link SlaJson}); JSON null without a policy. */
    JsonNode staffSla(Optional<SlaSummary> summary) {
        return sla.detail(summary);
    }

    /**
     * A row of a staff list: the fields the columns show, not the whole snapshot, and the SLA
     * target due next ({@code sla}, null without one).
     */
    ObjectNode staffRow(Ticket ticket, Optional<SlaSummary> summary) {
        ObjectNode row = NODES.objectNode();
        row.put("ticketId", ticket.getTicketId());
        row.put("number", ticket.getNumber());
        row.put("version", ticket.getVersion());
        row.put("subject", ticket.getSubject());
        row.set("customer", AvroJson.toJson(ticket.getCustomer()));
        row.put("departmentId", ticket.getDepartmentId());
        row.put("serviceId", ticket.getServiceId());
        row.put("statusId", ticket.getStatusId());
        row.put("lifecycle", ticket.getLifecycle().name());
        row.put("priorityId", ticket.getPriorityId());
        row.put("important", ticket.getImportant());
        row.put("assigneeId", ticket.getAssigneeId());
        row.put("categoryId", ticket.getCategoryId());
        row.put("typeId", ticket.getTypeId());
        ArrayNode tags = row.putArray("tags");
        ticket.getTags().forEach(tags::add);
        row.put("createdAt", ticket.getCreatedAt().toString());
        row.put("updatedAt", ticket.getUpdatedAt().toString());
        row.put("dueAt", ticket.getDueAt() == null ? null : ticket.getDueAt().toString());
        row.put("messageCount", ticket.getMessageCount());
        row.put("spam", ticket.getSpam());
        row.set("sla", sla.nextDue(summary));
        return row;
    }

    ArrayNode staffConversation(List<TicketEvent> events) {
        ArrayNode entries = NODES.arrayNode();
        events.forEach(event -> entries.add(AvroJson.toJson(event)));
        return entries;
    }

    /** What a customer sees of a ticket. */
    ObjectNode customerTicket(Ticket ticket) {
        ObjectNode json = NODES.objectNode();
        json.put("ticketId", ticket.getTicketId());
        json.put("number", ticket.getNumber());
        json.put("subject", ticket.getSubject());
        boolean closed = closed(ticket);
        json.put("status", closed ? "closed" : "open");
        json.put(
                "statusName",
                config.snapshot()
                        .get(Status.class, ticket.getStatusId())
                        .map(Status::getName)
                        .orElse(ticket.getStatusId()));
        json.put(
                "department",
                config.snapshot()
                        .get(Department.class, ticket.getDepartmentId())
                        .map(Department::getName)
                        .orElse(null));
        json.put("createdAt", ticket.getCreatedAt().toString());
        json.put(
                "closedAt",
                ticket.getClosedAt() == null ? null : ticket.getClosedAt().toString());
        json.put(
                "estimatedResolutionAt",
                ticket.getEstimatedResolutionAt() == null
                        ? null
                        : ticket.getEstimatedResolutionAt().toString());
        json.put("progressPercent", ticket.getProgressPercent());
        ArrayNode cc = json.putArray("cc");
        ticket.getCc().forEach(contact -> cc.add(contact.getEmail()));
        json.put("canReply", !closed && !ticket.getDeleted() && ticket.getMergedIntoTicketId() == null);
        json.put("canClose", !closed);
        json.put("canReopen", closed && reopenAllowed(ticket));
        return json;
    }

    /**
     * The public conversation: messages in and out, closing and reopening. Status changes are left
     * out: the ticket's own status says where it stands.
     */
    ArrayNode customerConversation(List<TicketEvent> events) {
        ArrayNode entries = NODES.arrayNode();
        for (TicketEvent event : events) {
            Object payload = event.getPayload();
            if (payload instanceof TicketOpened opened) {
                ObjectNode entry = entry(entries, "message", event);
                entry.put("messageId", opened.getFirstMessageId());
                entry.put("direction", MessageDirection.INBOUND.name());
                entry.put(
                        "author",
                        opened.getCustomer().getDisplayName() != null
                                ? opened.getCustomer().getDisplayName()
                                : opened.getCustomer().getEmail());
                message(entry, opened.getBody(), opened.getAttachments());
            } else if (payload instanceof MessageAdded message) {
                ObjectNode entry = entry(entries, "message", event);
                entry.put("messageId", message.getMessageId());
                entry.put("direction", message.getDirection().name());
                entry.put(
                        "author",
                        message.getDirection() == MessageDirection.OUTBOUND
                                ? Optional.ofNullable(message.getAuthor().getDisplayName())
                                        .orElse("Support")
                                : Optional.ofNullable(message.getFrom().getDisplayName())
                                        .orElse(message.getFrom().getEmail()));
                message(entry, message.getBody(), message.getAttachments());
            } else if (payload instanceof TicketClosed) {
                entry(entries, "closed", event);
            } else if (payload instanceof TicketReopened) {
                entry(entries, "reopened", event);
            }
        }
        return entries;
    }

    /** Whether an event is part of what a customer sees (for the customer's live stream). */
    static boolean customerVisible(TicketEvent event) {
        Object payload = event.getPayload();
        return payload instanceof TicketOpened
                || payload instanceof MessageAdded
                || payload instanceof TicketClosed
                || payload instanceof TicketReopened;
    }

    /** Whether an event is for staff eyes only. */
    static boolean staffOnly(TicketEvent event) {
        return event.getPayload() instanceof NoteAdded;
    }

    static boolean closed(Ticket ticket) {
        return ticket.getLifecycle() == LifecycleState.CLOSED;
    }

    /** The reopen window of the settings: -1 always, 0 never, N days after closing. */
    boolean reopenAllowed(Ticket ticket) {
        int days = config.snapshot()
                .settings()
                .map(settings -> settings.getReopenWindowDays())
                .orElse(-1);
        if (days < 0) {
            return true;
        }
        if (days == 0 || ticket.getClosedAt() == null) {
            return false;
        }
        return clock.instant().isBefore(ticket.getClosedAt().plus(Duration.ofDays(days)));
    }

    private static ObjectNode entry(ArrayNode entries, String kind, TicketEvent event) {
        ObjectNode entry = entries.addObject();
        entry.put("kind", kind);
        entry.put("eventId", event.getEventId());
        entry.put("version", event.getVersion());
        entry.put("at", event.getOccurredAt().toString());
        return entry;
    }

    private static void message(ObjectNode entry, MessageBody body, List<AttachmentRef> attachments) {
        entry.put("text", body.getText());
        entry.put("html", body.getHtml());
        ArrayNode files = entry.putArray("attachments");
        for (AttachmentRef attachment : attachments) {
            ObjectNode file = files.addObject();
            file.put("attachmentId", attachment.getAttachmentId());
            file.put("fileName", attachment.getFileName());
            file.put("contentType", attachment.getContentType());
            file.put("sizeBytes", attachment.getSizeBytes());
            file.put("inline", attachment.getInline());
        }
    }
}
