package dev.helpstream.routing;

import dev.helpstream.routing.topology.RoutingTopology;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.streams.StreamsRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the routing topology: provisions the topics, starts Kafka Streams with exactly-once v2 and
 * closes it on shutdown.
 *
 * <p>Poison records (undecodable bytes, a processor failure on one record) go to {@code
 * routing.dlq.v1} through Kafka Streams' own dead-letter support, with the source topic,
 * partition, offset and exception in the headers, and processing continues. A stream thread that
 * dies of anything else is replaced.
 */
@Component
class RoutingStreamsRuntime implements SmartLifecycle {

    private final RoutingProperties properties;
    private final StreamsRunner runner;

    RoutingStreamsRuntime(RoutingProperties properties, MeterRegistry meterRegistry) {
        this.properties = properties;
        this.runner = new StreamsRunner("routing-stream", meterRegistry);
    }

    @Override
    public void start() {
        int partitions = provisionTopics();
        runner.start(
                RoutingTopology.build(new RoutingTopology.Settings(
                        partitions, properties.streams().numberBase())),
                StreamsRunner.exactlyOnce(
                        properties.streams().applicationId(),
                        properties.kafka().bootstrapServers(),
                        properties.topics().replicationFactor(),
                        properties.streams().stateDirectory(),
                        properties.streams().commitIntervalMs(),
                        Topics.ROUTING_DLQ.name(),
                        PoisonRecordHandler.class));
    }

    @Override
    public void stop() {
        runner.stop();
    }

    @Override
    public boolean isRunning() {
        return runner.isRunning();
    }

    /** The running Kafka Streams instance, or null before start and after stop. */
    KafkaStreams streams() {
        return runner.streams();
    }

    private int provisionTopics() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers()))) {
            TopicProvisioner provisioner = new TopicProvisioner(
                    admin,
                    (short) properties.topics().replicationFactor(),
                    properties.topics().partitions());
            provisioner.provision(Topics.all(), Duration.ofSeconds(60));
            return provisioner.partitionsOf(Topics.ROUTING_INTAKE);
        }
    }
}
