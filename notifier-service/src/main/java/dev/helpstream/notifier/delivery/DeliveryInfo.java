package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.DeliveryChannel;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.WebhookDelivery;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the delivery log and the dead letters say about a delivery, whichever its channel.
 *
 * @param deliveryId the idempotency key: sent at most once
 * @param eventId the source event
 * @param eventType the email kind or the webhook event type
 * @param ticketId the ticket concerned, or null
 * @param channel email or webhook
 * @param target the recipients (comma separated), or the webhook URL cut to its scheme, host and
 *     port ({@link WebhookUrlPolicy#redact(String)}): chat webhook URLs carry their secret in the
 *     path, and the target goes to logs, the delivery log and the dead letters
 * @param targetId the webhook id or the agent id of an agent email, or null
 * @param sourceTopic topic of the source event
 * @param sourcePartition partition of the source event
 * @param sourceOffset offset of the source event
 * @param plannedAt when the source event was recorded (email {@code plannedAt}, webhook {@code
 *     occurredAt}): the age {@code maxAge} is measured from
 */
record DeliveryInfo(
        String deliveryId,
        String eventId,
        String eventType,
        String ticketId,
        DeliveryChannel channel,
        String target,
        String targetId,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        Instant plannedAt) {

    private static final String AGENT_AUDIENCE = "agent:";

    /** The description of a record value, when it is a delivery. */
    static Optional<DeliveryInfo> of(Object value) {
        if (value instanceof EmailDelivery email) {
            return Optional.of(of(email));
        }
        if (value instanceof WebhookDelivery webhook) {
            return Optional.of(of(webhook));
        }
        return Optional.empty();
    }

    static DeliveryInfo of(EmailDelivery email) {
        String recipients = Stream.concat(email.getTo().stream(), email.getCc().stream())
                .map(Contact::getEmail)
                .collect(Collectors.joining(","));
        return new DeliveryInfo(
                email.getDeliveryId(),
                email.getEventId(),
                email.getKind(),
                email.getTicketId(),
                DeliveryChannel.EMAIL,
                recipients,
                agentOf(email.getDeliveryId(), email.getEventId()),
                email.getSourceTopic(),
                email.getSourcePartition(),
                email.getSourceOffset(),
                email.getPlannedAt());
    }

    static DeliveryInfo of(WebhookDelivery webhook) {
        return new DeliveryInfo(
                webhook.getDeliveryId(),
                webhook.getEventId(),
                webhook.getEventType(),
                webhook.getTicketId(),
                DeliveryChannel.WEBHOOK,
                WebhookUrlPolicy.redact(webhook.getUrl()),
                webhook.getWebhookId(),
                webhook.getSourceTopic(),
                webhook.getSourcePartition(),
                webhook.getSourceOffset(),
                webhook.getOccurredAt());
    }

    /** The agent of an agent email: the planner names the audience {@code agent:<id>}. */
    private static String agentOf(String deliveryId, String eventId) {
        String prefix = eventId + ":" + AGENT_AUDIENCE;
        return deliveryId.startsWith(prefix) && deliveryId.length() > prefix.length()
                ? deliveryId.substring(prefix.length())
                : null;
    }
}
