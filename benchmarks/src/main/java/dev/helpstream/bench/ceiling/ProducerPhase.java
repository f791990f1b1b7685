package dev.helpstream.bench.ceiling;

import dev.helpstream.bench.kafka.AcknowledgedSends;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer half of the ceiling: how fast one idempotent producer with {@code acks=all} gets
 * records acknowledged on this machine.
 *
 * <p>Writes {@code records} records of {@code recordBytes} random bytes to one topic and returns
 * the nanoseconds from the first {@code send} to {@code flush()} returning with every callback
 * successful. Every other producer setting is the client's default (Kafka 4: {@code
 * linger.ms=5}, {@code batch.size=16384}, no compression), so the figure is what an untuned
 * producer gets. The values are a few pre-generated random payloads used in turn (generating
 * random bytes per record would measure {@link Random}, not Kafka); the key of record {@code i} is
 * {@code i} in decimal, so the default partitioner spreads the records over every partition.
 * Invariant: the method returns only if every record was acknowledged ({@link AcknowledgedSends}).
 */
final class ProducerPhase {

    private static final Logger log = LoggerFactory.getLogger(ProducerPhase.class);

    /** Enough distinct payloads that no layer can get away with caching one. */
    private static final int DISTINCT_PAYLOADS = 16;

    private ProducerPhase() {}

    /** Nanoseconds from the first send until all {@code records} are acknowledged. */
    static long run(String bootstrapServers, String topic, int records, int recordBytes) {
        byte[][] payloads = payloads(recordBytes);
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG,
                "bench-ceiling-producer",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            // Fetch the topic's metadata before the clock starts: the first send would otherwise
            // time a metadata round trip that has nothing to do with throughput.
            producer.partitionsFor(topic);
            long elapsed = AcknowledgedSends.sendAll(
                    producer,
                    records,
                    i -> new ProducerRecord<>(
                            topic,
                            Integer.toString(i).getBytes(StandardCharsets.US_ASCII),
                            payloads[i % DISTINCT_PAYLOADS]),
                    "the ceiling's records to " + topic);
            log.debug(
                    "Produced {} records of {} bytes to {} in {} ms", records, recordBytes, topic, elapsed / 1_000_000);
            return elapsed;
        }
    }

    private static byte[][] payloads(int recordBytes) {
        // A fixed seed: runs compare the same bytes (random bytes do not compress either way).
        Random random = new Random(20_240_607L);
        byte[][] payloads = new byte[DISTINCT_PAYLOADS][recordBytes];
        for (byte[] payload : payloads) {
            random.nextBytes(payload);
        }
        return payloads;
    }
}
