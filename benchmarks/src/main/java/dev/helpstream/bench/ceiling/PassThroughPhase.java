package dev.helpstream.bench.ceiling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exactly-once half of the ceiling: how fast a Kafka Streams application that does nothing
 * but copy records moves them under {@code exactly_once_v2} on this machine.
 *
 * <p>Input: {@code in}, already holding exactly {@code records} records. Output: {@code out}.
 * The application ({@code builder.stream(in).to(out)}, byte-array serdes) runs with one stream
 * thread, the default EOS commit interval (100 ms) and {@code auto.offset.reset=earliest}; every
 * other setting is the default, so the figure is an untuned EOS app's ceiling. The time runs from
 * {@code KafkaStreams.start()} (so it includes joining the group, a fixed cost that a small count
 * makes dominant) until a {@code read_committed} consumer without a group, assigned every
 * partition of {@code out} beforehand, has seen {@code records} records. Invariant: the phase
 * returns only when exactly {@code records} records were committed to {@code out} (after the
 * application is closed, the rest of the topic is read to its end: one extra record fails the
 * run); the application's state and group are removed whatever happens.
 */
final class PassThroughPhase {

    private static final Logger log = LoggerFactory.getLogger(PassThroughPhase.class);

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private PassThroughPhase() {}

    /**
     * Nanoseconds from the start of the application until {@code records} records are committed
     * to {@code out}.
     *
     * @throws IllegalStateException when that takes longer than {@code timeout}, the application
     *     fails, or more than {@code records} records arrive
     */
    static long run(
            String bootstrapServers,
            String applicationId,
            String in,
            String out,
            long records,
            Path stateDirectory,
            Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = committedReader(bootstrapServers);
                Application application = new Application(bootstrapServers, applicationId, in, out, stateDirectory)) {
            List<TopicPartition> partitions = consumer.partitionsFor(out).stream()
                    .map(info -> new TopicPartition(out, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);

            long start = System.nanoTime();
            long deadline = start + timeout.toNanos();
            application.streams.start();
            long seen = 0;
            while (seen < records) {
                application.throwIfFailed();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the EOS pass-through committed " + seen + " of " + records
                            + " records to " + out + " within " + timeout);
                }
                seen += consumer.poll(POLL).count();
            }
            long elapsed = System.nanoTime() - start;

            application.close();
            seen += readToEnd(consumer, partitions, deadline);
            if (seen != records) {
                throw new IllegalStateException("the EOS pass-through committed " + seen + " records to " + out
                        + " for " + records + " read: duplicates under exactly_once_v2");
            }
            log.debug("Passed {} records from {} to {} in {} ms", records, in, out, elapsed / 1_000_000);
            return elapsed;
        }
    }

    /** What is left in the committed log once nothing writes to it any more. */
    private static long readToEnd(
            KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, long deadline) {
        // For a read_committed consumer the end offsets are the last stable offsets.
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long extra = 0;
        while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partitions + " to its end to check for duplicates");
            }
            extra += consumer.poll(POLL).count();
        }
        return extra;
    }

    private static KafkaConsumer<byte[], byte[]> committedReader(String bootstrapServers) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "bench-ceiling-reader",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The pass-through application; closing it also wipes its local state. */
    private static final class Application implements AutoCloseable {

        private final KafkaStreams streams;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private boolean closed;

        Application(String bootstrapServers, String applicationId, String in, String out, Path stateDirectory) {
            StreamsBuilder builder = new StreamsBuilder();
            builder.stream(
                            in,
                            Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
                                    .withName("ceiling-source"))
                    .to(
                            out,
                            Produced.with(Serdes.ByteArray(), Serdes.ByteArray())
                                    .withName("ceiling-sink"));
            Topology topology = builder.build();
            Properties config = new Properties();
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            // One thread: the ceiling of one stream thread, which is what one task of a Helpstream
            // stream app gets per partition it owns; more threads would measure the core count.
            config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1);
            // Kafka Streams keeps its state in <state.dir>/<application.id>, which cleanUp() removes.
            config.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
            config.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
            streams = new KafkaStreams(topology, config);
            streams.setUncaughtExceptionHandler(exception -> {
                failure.compareAndSet(null, exception);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
        }

        void throwIfFailed() {
            Throwable thrown = failure.get();
            if (thrown != null) {
                throw new IllegalStateException("the EOS pass-through failed: " + thrown.getMessage(), thrown);
            }
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the EOS pass-through stopped (" + state + ")");
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            // Leave the group on close, so that the group is empty and can be deleted at once.
            CloseOptions options = CloseOptions.groupMembershipOperation(
                            CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(CLOSE_TIMEOUT);
            if (streams.close(options)) {
                streams.cleanUp();
            } else {
                log.warn("The EOS pass-through did not close within {}; its state is left in place", CLOSE_TIMEOUT);
            }
        }
    }
}
