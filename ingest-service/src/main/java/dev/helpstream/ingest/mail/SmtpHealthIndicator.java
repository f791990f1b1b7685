package dev.helpstream.ingest.mail;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health of the SMTP listener, when it is turned on: UP with its port and the size limit it
 * advertises now; DOWN with the reason when it does not listen (it could not bind, or it stopped),
 * since mail sent to the helpdesk would then be refused.
 */
@Component("smtp")
@ConditionalOnBooleanProperty("helpstream.ingest.mail.smtp.enabled")
class SmtpHealthIndicator implements ReactiveHealthIndicator {

    private final SmtpListener listener;
    private final MailIntake intake;

    SmtpHealthIndicator(SmtpListener listener, MailIntake intake) {
        this.listener = listener;
        this.intake = intake;
    }

    @Override
    public Mono<Health> health() {
        return Mono.fromSupplier(() -> {
            SmtpListener.Status status = listener.status();
            if (!status.listening()) {
                return Health.down().withDetail("reason", status.reason()).build();
            }
            return Health.up()
                    .withDetail("port", status.port())
                    .withDetail("maxEmailBytes", intake.rules().maxEmailBytes())
                    .build();
        });
    }
}
