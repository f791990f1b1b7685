package dev.helpstream.notifier.planner;

import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Webhook;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans the {@code ticket.escalated} webhook calls of an SLA warning or breach: one {@link
 * WebhookDelivery} per enabled webhook subscribed to it ({@code eventTypes} empty, or naming
 * {@code ticket.escalated} or {@code SlaEvent}) whose {@code departmentIds} are empty or hold the
 * ticket's department, in webhook id order.
 *
 * <p>Input: {@code tickets.sla.v1} ({@link SlaEvent}, keyed by ticket id), read with the ticket's
 * {@code ticket-context}. Output: deliveries keyed by webhook id, delivery id {@code
 * <slaEventId>:<webhookId>}, event id (the receiver's idempotency key) the SLA event's id; the
 * body is the usual ticket part plus the {@code sla} object ({@link WebhookPayloads}). Invariant:
 * nothing for other SLA events, for a ticket the notifier does not know, nor for spam, deleted or
 * merged tickets; each webhook planned on its own ({@link AudienceGuard}).
 */
final class SlaWebhookPlanner implements Processor<String, SlaEvent, String, WebhookDelivery> {

    private static final Logger log = LoggerFactory.getLogger(SlaWebhookPlanner.class);
    private static final String PAYLOAD_NAME = SlaEvent.class.getSimpleName();

    private final NotificationTopology.Settings settings;
    private ProcessorContext<String, WebhookDelivery> context;
    private NotifierConfig config;
    private KeyValueStore<String, Ticket> contexts;

    SlaWebhookPlanner(NotificationTopology.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, WebhookDelivery> context) {
        this.context = context;
        this.config = new NotifierConfig(context.getStateStore(NotificationTopology.CONFIG_STORE));
        this.contexts = context.getStateStore(NotificationTopology.CONTEXT_STORE);
    }

    @Override
    public void process(Record<String, SlaEvent> record) {
        SlaEvent event = record.value();
        if (!SlaEscalations.escalates(event)) {
            return;
        }
        Map<String, Webhook> webhooks = config.webhooks();
        if (webhooks.isEmpty()) {
            return;
        }
        Optional<Ticket> ticket = SlaEscalations.ticketOf(event, contexts, log);
        if (ticket.isEmpty()) {
            return;
        }
        WebhookPayloads.View view = view(event, ticket.get(), config.settings());
        for (Map.Entry<String, Webhook> entry : webhooks.entrySet()) {
            Webhook webhook = entry.getValue();
            if (!webhook.getEnabled() || !subscribed(webhook) || !inDepartments(webhook, event)) {
                continue;
            }
            AudienceGuard.run(
                    log,
                    event.getEventId(),
                    "webhook " + entry.getKey() + " (" + WebhookEventTypes.ESCALATED + ")",
                    () -> forward(record.timestamp(), entry.getKey(), webhook, view));
        }
    }

    private void forward(long timestamp, String webhookId, Webhook webhook, WebhookPayloads.View view) {
        RecordSource source = RecordSource.of(context);
        WebhookDelivery delivery = WebhookDelivery.newBuilder()
                .setDeliveryId(view.eventId() + ":" + webhookId)
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

    private static boolean subscribed(Webhook webhook) {
        List<String> wanted = webhook.getEventTypes();
        return wanted.isEmpty() || wanted.contains(WebhookEventTypes.ESCALATED) || wanted.contains(PAYLOAD_NAME);
    }

    private static boolean inDepartments(Webhook webhook, SlaEvent event) {
        List<String> departments = webhook.getDepartmentIds();
        return departments.isEmpty() || departments.contains(event.getDepartmentId());
    }

    private WebhookPayloads.View view(SlaEvent event, Ticket ticket, HelpdeskSettings helpdesk) {
        WebhookPayloads.Sla sla = new WebhookPayloads.Sla(
                SlaEscalations.kind(event),
                SlaEscalations.metricKey(event.getMetric()),
                event.getPolicyId(),
                SlaEscalations.policyName(config, event.getPolicyId()),
                event.getDueAt(),
                event.getWarnAt(),
                event.getRemainingBusinessMillis(),
                SlaEscalations.due(event.getDueAt(), SlaEscalations.zone(config, event.getPolicyId())));
        return new WebhookPayloads.View(
                event.getEventId(),
                WebhookEventTypes.ESCALATED,
                event.getOccurredAt(),
                ticket.getTicketId(),
                ticket.getNumber(),
                ticket.getSubject(),
                new WebhookPayloads.Named(ticket.getDepartmentId(), config.departmentName(ticket.getDepartmentId())),
                new WebhookPayloads.Named(ticket.getPriorityId(), config.priorityName(ticket.getPriorityId())),
                new WebhookPayloads.Named(ticket.getStatusId(), config.statusName(ticket.getStatusId())),
                ticket.getCustomer().getEmail(),
                ticket.getCustomer().getDisplayName(),
                MailParts.staffLink(MailParts.baseUrl(helpdesk, settings), ticket.getTicketId()),
                List.of(),
                sla);
    }
}
