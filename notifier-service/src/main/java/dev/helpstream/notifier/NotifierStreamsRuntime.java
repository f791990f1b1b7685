package dev.helpstream.notifier;

import dev.helpstream.notifier.planner.NotificationTopology;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.List;
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
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the notification planner: provisions the topics the notifier reads and writes, starts the
 * {@link NotificationTopology} with exactly-once v2 (each event's emails and webhook calls are
 * planned once, together with the offset that consumed it) and closes it on shutdown.
 *
 * <p>Poison records (undecodable bytes, a planner failure on one record) go to {@code
 * notifier.dlq.v1} through Kafka Streams' own dead-letter support, with the source topic,
 * partition, offset and exception in the headers, and processing continues. A stream thread that
 * dies of anything else is replaced. Off with {@code helpstream.planner.enabled=false}, for an
 * instance that only delivers.
 */
@Component
@ConditionalOnBooleanProperty(name = "helpstream.planner.enabled", matchIfMissing = true)
class NotifierStreamsRuntime implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotifierStreamsRuntime.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    /** What the notifier reads and writes, planner and deliverers together. */
    static final List<Topic<?, ?>> TOPICS = List.of(
            Topics.EVENTS,
            Topics.CONFIG,
            Topics.PORTAL_ACCESS_LINKS,
            Topics.WEBHOOK_TESTS,
            Topics.EMAIL_DELIVERIES,
            Topics.WEBHOOK_DELIVERIES,
            Topics.DELIVERY_LOG,
            Topics.NOTIFICATION_DEAD_LETTERS,
            Topics.NOTIFIER_DLQ);

    private final NotifierProperties properties;
    private final MeterRegistry meterRegistry;
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    NotifierStreamsRuntime(NotifierProperties properties, MeterRegistry meterRegistry) {
        this.properties = properties;
        this.meterRegistry = meterRegistry;
    }

    @Override
    public synchronized void start() {
        provisionTopics();
        streams = new KafkaStreams(
                NotificationTopology.build(new NotificationTopology.Settings(
                        properties.planner().portalUrl(), properties.planner().fallbackFromAddress())),
                streamsConfig());
        streams.setUncaughtExceptionHandler(exception -> {
            log.error("A notifier stream thread failed; replacing it", exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((next, previous) -> log.info("notifier planner state {} -> {}", previous, next));
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

    private void provisionTopics() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, properties.kafka().bootstrapServers()))) {
            new TopicProvisioner(
                            admin,
                            (short) properties.topics().replicationFactor(),
                            properties.topics().partitions())
                    .provision(TOPICS, Duration.ofSeconds(60));
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
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.NOTIFIER_DLQ.name());
        return config;
    }
}
