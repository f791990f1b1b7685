package dev.helpstream.sla;

import dev.helpstream.support.KafkaClusterHealthIndicator;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The cluster's health as {@code kafka} on the health endpoint, with an admin client of its own
 * (closed with the context), so the app exposes no {@link Admin} bean for others to pick up by
 * accident.
 */
@Component("kafka")
class KafkaClusterHealth implements ReactiveHealthIndicator, DisposableBean {

    private final Admin admin;
    private final KafkaClusterHealthIndicator delegate;

    KafkaClusterHealth(SlaProperties properties) {
        String bootstrapServers = properties.kafka().bootstrapServers();
        this.admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "sla-health",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                30_000));
        this.delegate = new KafkaClusterHealthIndicator(admin, bootstrapServers, Map.of());
    }

    @Override
    public Mono<Health> health() {
        return delegate.health();
    }

    @Override
    public void destroy() {
        admin.close();
    }
}
