package dev.helpstream.notifier.planner;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.AttachmentAdded;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketTransferred;
import java.util.ArrayList;
import java.util.List;

/**
 * The event types webhooks subscribe to (the strings the admin API accepts) and which ticket
 * events produce them. One event can produce two: a new ticket or a customer reply with files is
 * also {@value #ATTACHMENT_UPLOADED}.
 */
final class WebhookEventTypes {

    static final String TICKET_CREATED = "ticket.created";
    static final String CUSTOMER_REPLY = "ticket.customer_reply";
    static final String CLOSED = "ticket.closed";
    static final String RESOLVED = "ticket.resolved";
    static final String TRANSFERRED = "ticket.transferred";
    /** An SLA warning or breach ({@link SlaWebhookPlanner}); no ticket event produces it. */
    static final String ESCALATED = "ticket.escalated";

    static final String ATTACHMENT_UPLOADED = "ticket.attachment_uploaded";
    static final String TEST = "test";

    /**
     * What a ticket event produces for webhooks.
     *
     * @param types the event types, the main one first
     * @param attachments the files concerned, for {@value #ATTACHMENT_UPLOADED}
     */
    record Produced(List<String> types, List<AttachmentRef> attachments) {}

    private WebhookEventTypes() {}

    static Produced of(TicketEvent event) {
        Object payload = event.getPayload();
        List<String> types = new ArrayList<>();
        List<AttachmentRef> attachments = List.of();
        if (payload instanceof TicketOpened opened) {
            types.add(TICKET_CREATED);
            attachments = opened.getAttachments();
        } else if (payload instanceof MessageAdded message && message.getDirection() == MessageDirection.INBOUND) {
            types.add(CUSTOMER_REPLY);
            attachments = message.getAttachments();
        } else if (payload instanceof TicketClosed) {
            types.add(CLOSED);
        } else if (payload instanceof StatusChanged status
                && status.getToLifecycle() == LifecycleState.RESOLVED
                && status.getFromLifecycle() != LifecycleState.RESOLVED) {
            types.add(RESOLVED);
        } else if (payload instanceof TicketTransferred) {
            types.add(TRANSFERRED);
        } else if (payload instanceof AttachmentAdded added) {
            attachments = List.of(added.getAttachment());
        }
        if (!attachments.isEmpty()) {
            types.add(ATTACHMENT_UPLOADED);
        }
        return new Produced(types, attachments);
    }
}
