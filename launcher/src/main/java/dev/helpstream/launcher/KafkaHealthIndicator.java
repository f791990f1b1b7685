package dev.helpstream.launcher;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reports the Kafka cluster as UP when it answers a metadata request within two seconds, with its
 * id, the number of brokers and whether it runs embedded. Non-blocking: the admin client's future
 * becomes the health {@link Mono}.
 */
@Component("kafka")
class KafkaHealthIndicator implements ReactiveHealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final KafkaEndpoint endpoint;

    KafkaHealthIndicator(Admin admin, KafkaEndpoint endpoint) {
        this.admin = admin;
        this.endpoint = endpoint;
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
                        .withDetail("bootstrapServers", endpoint.bootstrapServers())
                        .withDetail("embedded", endpoint.embedded())
                        .build())
                .timeout(TIMEOUT.plusSeconds(1))
                .onErrorResume(error -> Mono.just(Health.down(error)
                        .withDetail("bootstrapServers", endpoint.bootstrapServers())
                        .build()));
    }
}
