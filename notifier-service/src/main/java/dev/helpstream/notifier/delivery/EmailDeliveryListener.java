package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.EmailDelivery;
import java.time.Clock;
import java.time.Duration;

/**
 * Listener {@code email-deliveries}: reads {@code notifications.email.v1} and sends each planned
 * email once over SMTP; outcomes go to {@code notifications.deliveries.v1}.
 */
final class EmailDeliveryListener extends DeliveryListener<EmailDelivery> {

    private final MailComposer composer;
    private final SmtpMailer mailer;

    EmailDeliveryListener(
            MailComposer composer,
            SmtpMailer mailer,
            DeliveryLedger ledger,
            DeliveryLog deliveryLog,
            Attempts attempts,
            RetryPolicy policy,
            Duration maxAge,
            Clock clock) {
        super(ledger, deliveryLog, attempts, policy, maxAge, clock);
        this.composer = composer;
        this.mailer = mailer;
    }

    @Override
    DeliveryInfo describe(EmailDelivery delivery) {
        return DeliveryInfo.of(delivery);
    }

    @Override
    Sent deliver(EmailDelivery delivery) {
        String refused = mailer.send(composer.compose(delivery));
        return new Sent(null, refused);
    }
}
