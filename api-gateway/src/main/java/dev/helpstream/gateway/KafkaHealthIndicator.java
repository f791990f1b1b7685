package dev.helpstream.gateway;

import java.time.Duration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Health of the Kafka cluster: UP when it answers a metadata request within two seconds, with its
 * id and broker count. The admin client's futures become the health {@link Mono}, so no thread
 * waits.
 */
@Component("kafka")
class KafkaHealthIndicator implements ReactiveHealthIndicator {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Admin admin;
    private final GatewayProperties properties;

    KafkaHealthIndicator(Admin admin, GatewayProperties properties) {
        this.admin = admin;
        this.properties = properties;
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
                        .withDetail("bootstrapServers", properties.kafka().bootstrapServers())
                        .build())
                .timeout(TIMEOUT.plusSeconds(1))
                .onErrorResume(error -> Mono.just(Health.down(error)
                        .withDetail("bootstrapServers", properties.kafka().bootstrapServers())
                        .build()));
    }
}
