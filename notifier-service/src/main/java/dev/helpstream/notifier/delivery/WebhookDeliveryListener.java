package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.WebhookDelivery;
import java.time.Clock;
import java.time.Duration;

/**
 * Listener {@code webhook-deliveries}: reads {@code notifications.webhook.v1} and makes each
 * planned webhook call once, signed; outcomes go to {@code notifications.deliveries.v1}.
 */
final class WebhookDeliveryListener extends DeliveryListener<WebhookDelivery> {

    private final WebhookSender sender;

    WebhookDeliveryListener(
            WebhookSender sender,
            DeliveryLedger ledger,
            DeliveryLog deliveryLog,
            Attempts attempts,
            RetryPolicy policy,
            Duration maxAge,
            Clock clock) {
        super(ledger, deliveryLog, attempts, policy, maxAge, clock);
        this.sender = sender;
    }

    @Override
    DeliveryInfo describe(WebhookDelivery delivery) {
        return DeliveryInfo.of(delivery);
    }

    @Override
    Sent deliver(WebhookDelivery delivery) {
        return new Sent(sender.send(delivery), null);
    }
}
