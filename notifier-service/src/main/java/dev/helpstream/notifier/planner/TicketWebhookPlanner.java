package dev.helpstream.notifier.planner;

import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.event.TicketTransferred;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the webhook calls for a ticket event: one {@link WebhookDelivery} per (event type,
 * enabled webhook) whose {@code eventTypes} (empty for all; the admin API's type strings, or the
 * event's payload name) and {@code departmentIds} (empty for all; a transfer matches both
 * departments) match, keyed by webhook id, in webhook id order.
 *
 * <p>The main type of an event is delivered as {@code <eventId>:<webhookId>} with the event id as
 * the receiver's idempotency key; the second type of the same event ({@code
 * ticket.attachment_uploaded} on a new ticket or reply with files) as {@code
 * <eventId>:<webhookId>:<type>} with the idempotency key {@code <eventId>:<type>}, so a receiver
 * deduplicating by event id still gets both. Nothing for spam or deleted tickets. The body is
 * rendered here; the deliverer signs and sends it. Each webhook's call is planned on its own
 * ({@link AudienceGuard}): one that fails is logged and skipped, the other webhooks get theirs.
 */
final class TicketWebhookPlanner implements Processor<String, TicketChange, String, WebhookDelivery> {

    private static final Logger log = LoggerFactory.getLogger(TicketWebhookPlanner.class);

    private final NotificationTopology.Settings settings;
    private ProcessorContext<String, WebhookDelivery> context;
    private NotifierConfig config;

    TicketWebhookPlanner(NotificationTopology.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, WebhookDelivery> context) {
        this.context = context;
        this.config = new NotifierConfig(context.getStateStore(NotificationTopology.CONFIG_STORE));
    }

    @Override
    public void process(Record<String, TicketChange> record) {
        TicketChange change = record.value();
        Ticket ticket = change.after();
        if (ticket.getSpam() || ticket.getDeleted()) {
            return;
        }
        WebhookEventTypes.Produced produced = WebhookEventTypes.of(change.event());
        if (produced.types().isEmpty()) {
            return;
        }
        Map<String, Webhook> webhooks = config.webhooks();
        if (webhooks.isEmpty()) {
            return;
        }
        HelpdeskSettings helpdesk = config.settings();
        TicketEvent event = change.event();
        String payloadName = event.getPayload().getClass().getSimpleName();
        for (int i = 0; i < produced.types().size(); i++) {
            String type = produced.types().get(i);
            boolean main = i == 0;
            String eventId = main ? event.getEventId() : event.getEventId() + ":" + type;
            WebhookPayloads.View view = view(change, type, eventId, produced, helpdesk);
            for (Map.Entry<String, Webhook> entry : webhooks.entrySet()) {
                Webhook webhook = entry.getValue();
                if (!webhook.getEnabled()
                        || !subscribed(webhook, type, payloadName)
                        || !inDepartments(webhook, change)) {
                    continue;
                }
                String deliveryId = main
                        ? event.getEventId() + ":" + entry.getKey()
                        : event.getEventId() + ":" + entry.getKey() + ":" + type;
                AudienceGuard.run(
                        log,
                        event.getEventId(),
                        "webhook " + entry.getKey() + " (" + type + ")",
                        () -> forward(record.timestamp(), entry.getKey(), webhook, deliveryId, view));
            }
        }
    }

    private void forward(
            long timestamp, String webhookId, Webhook webhook, String deliveryId, WebhookPayloads.View view) {
        RecordSource source = RecordSource.of(context);
        WebhookDelivery delivery = WebhookDelivery.newBuilder()
                .setDeliveryId(deliveryId)
                .setEventId(view.eventId())
                .setEventType(view.eventType())
                .setWebhookId(webhookId)
                .setUrl(webhook.getUrl())
                .setFormat(webhook.getKind().name())
                .setSecretRef(webhook.getSecretRef())
                .setTicketId(view.ticketId())
                .setOccurredAt(view.occurredAt())
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setContentType(WebhookPayloads.CONTENT_TYPE)
                .setBody(ByteBuffer.wrap(WebhookPayloads.render(webhook.getKind(), view)))
                .build();
        context.forward(new Record<>(webhookId, delivery, timestamp));
    }

    private static boolean subscribed(Webhook webhook, String type, String payloadName) {
        List<String> wanted = webhook.getEventTypes();
        return wanted.isEmpty() || wanted.contains(type) || wanted.contains(payloadName);
    }

    private static boolean inDepartments(Webhook webhook, TicketChange change) {
        List<String> departments = webhook.getDepartmentIds();
        if (departments.isEmpty() || departments.contains(change.after().getDepartmentId())) {
            return true;
        }
        return change.event().getPayload() instanceof TicketTransferred transfer
                && departments.contains(transfer.getFromDepartmentId());
    }

    private WebhookPayloads.View view(
            TicketChange change,
            String type,
            String eventId,
            WebhookEventTypes.Produced produced,
            HelpdeskSettings helpdesk) {
        Ticket ticket = change.after();
        return new WebhookPayloads.View(
                eventId,
                type,
                change.event().getOccurredAt(),
                ticket.getTicketId(),
                ticket.getNumber(),
                ticket.getSubject(),
                new WebhookPayloads.Named(ticket.getDepartmentId(), config.departmentName(ticket.getDepartmentId())),
                new WebhookPayloads.Named(ticket.getPriorityId(), config.priorityName(ticket.getPriorityId())),
                new WebhookPayloads.Named(ticket.getStatusId(), config.statusName(ticket.getStatusId())),
                ticket.getCustomer().getEmail(),
                ticket.getCustomer().getDisplayName(),
                MailParts.staffLink(MailParts.baseUrl(helpdesk, settings), ticket.getTicketId()),
                WebhookEventTypes.ATTACHMENT_UPLOADED.equals(type) ? produced.attachments() : List.of(),
                null);
    }
}
