package dev.helpstream.gateway.view;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The ticket views' health as {@code views}: UP once they have read the topics to the end found at
 * start and keep following them, with the number of tickets held; DOWN while catching up, after
 * they stopped, or when reading failed (with the error). Cheap: reads two flags and a counter.
 */
@Component("views")
class ViewsHealthIndicator implements HealthIndicator {

    private final LuceneTicketViews views;

    ViewsHealthIndicator(LuceneTicketViews views) {
        this.views = views;
    }

    @Override
    public Health health() {
        boolean caughtUp = views.caughtUp();
        Health.Builder health = views.failure()
                .map(Health.down()::withException)
                .orElseGet(() -> caughtUp && views.isRunning() ? Health.up() : Health.down());
        return health.withDetail("ticketCount", views.ticketCount())
                .withDetail("caughtUp", caughtUp)
                .build();
    }
}
