package dev.helpstream.routing;

import dev.helpstream.routing.topology.RoutingTopology;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(RoutingStreamsRuntime.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final RoutingProperties properties;
    private final MeterRegistry meterRegistry;
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    RoutingStreamsRuntime(RoutingProperties properties, MeterRegistry meterRegistry) {
        this.properties = properties;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public synchronized void start() {
        int partitions = provisionTopics();
        streams = new KafkaStreams(
                RoutingTopology.build(new RoutingTopology.Settings(
                        partitions, properties.streams().numberBase())),
                streamsConfig());
        streams.setUncaughtExceptionHandler(exception -> {
            log.error("A routing stream thread failed; replacing it", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((next, previous) -> log.info("routing-stream state {} -> {}", previous, next));
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meterRegistry);
        streams.start();
    }

    @Override
    public synchronized void stop() {
        if (streams != null) {
            streams.close(CLOSE_TIMEOUT);
            metrics.close();
            streams = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return streams != null;
    }

    /** The running Kafka Streams instance, or null before start and after stop. */
    synchronized KafkaStreams streams() {
        return streams;
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

    private Properties streamsConfig() {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, properties.streams().applicationId());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, properties.topics().replicationFactor());
        config.put(
                StreamsConfig.STATE_DIR_CONFIG,
                properties.streams().stateDirectory().toAbsolutePath().toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, properties.streams().commitIntervalMs());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, PoisonRecordHandler.class);
        config.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.ROUTING_DLQ.name());
        return config;
    }
}
