package dev.helpstream.sla;

import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.sla.topology.SlaTopology;
import dev.helpstream.support.streams.StreamsRunner;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the SLA clocks: provisions the topics sla-stream reads and writes, starts the {@link
 * SlaTopology} with exactly-once v2 (each ticket event's SLA events, the clock state and the
 * deadline index commit together with the offset that consumed it) and closes it on shutdown.
 *
 * <p>Poison records (undecodable bytes, a failure on one record) go to {@code sla.dlq.v1} through
 * Kafka Streams' own dead-letter support, with the source topic, partition, offset and exception in
 * the headers, and processing continues. A stream thread that dies of anything else is replaced.
 */
@Component
class SlaStreamsRuntime implements SmartLifecycle {

    /** What sla-stream reads and writes. */
    static final List<Topic<?, ?>> TOPICS =
            List.of(Topics.EVENTS, Topics.CONFIG, Topics.SLA, Topics.REPORT_DAYS, Topics.SLA_DLQ);

    private final SlaProperties properties;
    private final StreamsRunner runner;

    SlaStreamsRuntime(SlaProperties properties, MeterRegistry meterRegistry) {
        this.properties = properties;
        this.runner = new StreamsRunner("sla-stream", meterRegistry);
    }

    @Override
    public void start() {
        provisionTopics();
        runner.start(
                SlaTopology.build(new SlaTopology.Settings(
                        properties.sla().punctuateInterval(),
                        properties.sla().punctuateGrace(),
                        properties.sla().replayLag(),
                        properties.reports().timeZone())),
                StreamsRunner.exactlyOnce(
                        properties.streams().applicationId(),
                        properties.kafka().bootstrapServers(),
                        properties.topics().replicationFactor(),
                        properties.streams().stateDirectory(),
                        properties.streams().commitIntervalMs(),
                        Topics.SLA_DLQ.name(),
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
