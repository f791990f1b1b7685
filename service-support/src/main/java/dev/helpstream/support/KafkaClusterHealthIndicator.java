package dev.helpstream.support;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;

/**
 * Health of the Kafka cluster a service uses: UP when it answers a metadata request within two
 * seconds, with its id, the broker count, the bootstrap servers and any details the service adds;
 * DOWN with the error otherwise. Non-blocking: the admin client's futures become the health {@link
 * Mono}, so no thread waits.
 */
public final class KafkaClusterHealthIndicator implements ReactiveHealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final Map<String, Object> details;

    /**
     * @param admin the service's admin client
     * @param bootstrapServers shown in the details
     * @param extraDetails further details, e.g. whether the broker is embedded
     */
    public KafkaClusterHealthIndicator(Admin admin, String bootstrapServers, Map<String, Object> extraDetails) {
        this.admin = admin;
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("bootstrapServers", bootstrapServers);
        all.putAll(extraDetails);
        this.details = Map.copyOf(all);
    }

    @Override
    public Mono<Health> health() {
        DescribeClusterResult cluster =
                admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()));
        return Mono.fromFuture(cluster.clusterId().toCompletionStage().toCompletableFuture())
                .zipWith(Mono.fromFuture(cluster.nodes().toCompletionStage().toCompletableFuture()))
                .map(result -> Health.up()
                        .withDetail("clusterId", result.getT1())
                        .withDetail("brokers", result.getT2().size())
                        .withDetails(details)
                        .build())
                .timeout(TIMEOUT.plusSeconds(1))
                .onErrorResume(error ->
                        Mono.just(Health.down(error).withDetails(details).build()));
    }
}
