package dev.helpstream.support.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Kafka Streams application the way every Helpstream stream app does: exactly-once v2,
 * poison records to the module's dead-letter topic (Kafka Streams' own support, with the source
 * topic, partition, offset and exception in headers) while processing continues, a stream thread
 * that dies of anything else replaced, state changes logged and the Kafka Streams meters bound.
 * The module's lifecycle bean owns one and starts it after provisioning its topics.
 */
public final class StreamsRunner {

    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final String name;
    private final MeterRegistry meterRegistry;
    private KafkaStreams streams;
    private KafkaStreamsMetrics metrics;

    /** @param name how the logs call the application, e.g. "routing-stream" */
    public StreamsRunner(String name, MeterRegistry meterRegistry) {
        this.name = name;
        this.meterRegistry = meterRegistry;
    }

    /**
     * The settings every Helpstream stream app shares.
     *
     * @param deserializationHandler the module's handler: it knows which of its topics feed global
     *     stores, whose poison records cannot be dead-lettered
     */
    public static Properties exactlyOnce(
            String applicationId,
            String bootstrapServers,
            int replicationFactor,
            Path stateDirectory,
            long commitIntervalMs,
            String deadLetterTopic,
            Class<? extends DeserializationExceptionHandler> deserializationHandler) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        config.put(
                StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toAbsolutePath().toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, deserializationHandler);
        config.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class);
        config.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
        return config;
    }

    public synchronized void start(Topology topology, Properties config) {
        streams = new KafkaStreams(topology, config);
        streams.setUncaughtExceptionHandler(exception -> {
            log.error("A {} stream thread failed; replacing it", name, exception);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.setStateListener((next, previous) -> log.info("{} state {} -> {}", name, previous, next));
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meterRegistry);
        streams.start();
    }

    public synchronized void stop() {
        if (streams != null) {
            streams.close(CLOSE_TIMEOUT);
            metrics.close();
            streams = null;
        }
    }

    public synchronized boolean isRunning() {
        return streams != null;
    }

    /** The running Kafka Streams instance, or null before start and after stop. */
    public synchronized KafkaStreams streams() {
        return streams;
    }
}
