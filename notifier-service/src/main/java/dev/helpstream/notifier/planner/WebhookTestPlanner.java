package dev.helpstream.notifier.planner;

import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.WebhookTestRequest;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Webhook;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an admin's "send test event" request ({@code notifications.webhook-tests.v1}) into one
 * {@link WebhookDelivery} of type {@value WebhookEventTypes#TEST} with a sample ticket in the
 * webhook's format, keyed by webhook id, delivery id {@code <requestId>:<webhookId>}, event id the
 * request id. A webhook deleted or disabled since the request gets nothing (logged).
 */
final class WebhookTestPlanner implements Processor<String, WebhookTestRequest, String, WebhookDelivery> {

    private static final Logger log = LoggerFactory.getLogger(WebhookTestPlanner.class);
    static final String SAMPLE_TICKET_ID = "00000000-0000-0000-0000-000000000000";

    private final NotificationTopology.Settings settings;
    private ProcessorContext<String, WebhookDelivery> context;
    private NotifierConfig config;

    WebhookTestPlanner(NotificationTopology.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, WebhookDelivery> context) {
        this.context = context;
        this.config = new NotifierConfig(context.getStateStore(NotificationTopology.CONFIG_STORE));
    }

    @Override
    public void process(Record<String, WebhookTestRequest> record) {
        WebhookTestRequest request = record.value();
        if (request == null) {
            return;
        }
        Optional<Webhook> webhook = config.webhook(request.getWebhookId());
        if (webhook.isEmpty() || !webhook.get().getEnabled()) {
            log.info(
                    "Test event {} not sent: webhook {} is {}",
                    request.getRequestId(),
                    request.getWebhookId(),
                    webhook.isEmpty() ? "unknown" : "disabled");
            return;
        }
        HelpdeskSettings helpdesk = config.settings();
        WebhookPayloads.View sample = new WebhookPayloads.View(
                request.getRequestId(),
                WebhookEventTypes.TEST,
                request.getRequestedAt(),
                SAMPLE_TICKET_ID,
                0,
                "Test event from " + helpdesk.getHelpdeskName(),
                new WebhookPayloads.Named("test", "Test department"),
                new WebhookPayloads.Named("normal", "Normal"),
                new WebhookPayloads.Named("open", "Open"),
                "customer@example.com",
                "Test Customer",
                MailParts.staffLink(MailParts.baseUrl(helpdesk, settings), SAMPLE_TICKET_ID),
                List.of(),
                null);
        RecordSource source = RecordSource.of(context);
        WebhookDelivery delivery = WebhookDelivery.newBuilder()
                .setDeliveryId(request.getRequestId() + ":" + request.getWebhookId())
                .setEventId(request.getRequestId())
                .setEventType(WebhookEventTypes.TEST)
                .setWebhookId(request.getWebhookId())
                .setUrl(webhook.get().getUrl())
                .setFormat(webhook.get().getKind().name())
                .setSecretRef(webhook.get().getSecretRef())
                .setOccurredAt(request.getRequestedAt())
                .setSourceTopic(source.topic())
                .setSourcePartition(source.partition())
                .setSourceOffset(source.offset())
                .setContentType(WebhookPayloads.CONTENT_TYPE)
                .setBody(ByteBuffer.wrap(WebhookPayloads.render(webhook.get().getKind(), sample)))
                .build();
        context.forward(new Record<>(request.getWebhookId(), delivery, record.timestamp()));
    }
}
