package dev.helpstream.notifier;

import dev.helpstream.notifier.planner.NotificationTopology;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.streams.StreamsRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
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

    /** What the notifier reads and writes, planner and deliverers together. */
    static final List<Topic<?, ?>> TOPICS = List.of(
            Topics.EVENTS,
            Topics.SLA,
            Topics.CONFIG,
            Topics.PORTAL_ACCESS_LINKS,
            Topics.WEBHOOK_TESTS,
            Topics.EMAIL_DELIVERIES,
            Topics.WEBHOOK_DELIVERIES,
            Topics.DELIVERY_LOG,
            Topics.NOTIFICATION_DEAD_LETTERS,
            Topics.NOTIFIER_DLQ);

    private final NotifierProperties properties;
    private final StreamsRunner runner;

    NotifierStreamsRuntime(NotifierProperties properties, MeterRegistry meterRegistry) {
        this.properties = properties;
        this.runner = new StreamsRunner("notifier planner", meterRegistry);
    }

    @Override
    public void start() {
        provisionTopics();
        runner.start(
                NotificationTopology.build(new NotificationTopology.Settings(
                        properties.planner().portalUrl(), properties.planner().fallbackFromAddress())),
                StreamsRunner.exactlyOnce(
                        properties.streams().applicationId(),
                        properties.kafka().bootstrapServers(),
                        properties.topics().replicationFactor(),
                        properties.streams().stateDirectory(),
                        properties.streams().commitIntervalMs(),
                        Topics.NOTIFIER_DLQ.name(),
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

    private void provisionTopics() {
        TopicProvisioner.provision(
                properties.kafka().bootstrapServers(),
                properties.topics().replicationFactor(),
                properties.topics().partitions(),
                TOPICS,
                Duration.ofSeconds(60));
    }
}
