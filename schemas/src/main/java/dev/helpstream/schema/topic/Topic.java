package dev.helpstream.schema.topic;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * One Kafka topic of Helpstream, with everything a producer, consumer, topology, test or the
 * topic provisioner needs to know about it.
 *
 * @param name the topic name, versioned ({@code .v1})
 * @param keySerde the serde of record keys
 * @param valueSerde the serde of record values
 * @param partitions the catalogue's partition count (see {@link TopicProvisioner} for overrides)
 * @param cleanupPolicy delete (a log) or compact (latest value per key)
 * @param retention how long records are kept; {@link #KEEP_FOREVER} for the permanent logs
 * @param writer the one module that writes to the topic
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(
        String name,
        Serde<K> keySerde,
        Serde<V> valueSerde,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Duration retention,
        Writer writer) {

    /** Retention of topics whose records are never deleted by age. */
    public static final Duration KEEP_FOREVER = Duration.ofMillis(-1);

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(writer, "writer");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions of " + name + " must be at least 1");
        }
    }

    /** {@code retention.ms} as Kafka reads it: -1 keeps records forever. */
    public long retentionMs() {
        return retention.isNegative() ? -1 : retention.toMillis();
    }

    /** The cleanup policies Helpstream uses. */
    public enum CleanupPolicy {
        /** A log: records expire after the retention. */
        DELETE("delete"),
        /** A table: the latest record per key is kept; a null value deletes the key. */
        COMPACT("compact");

        private final String configValue;

        CleanupPolicy(String configValue) {
            this.configValue = configValue;
        }

        /** The value of the {@code cleanup.policy} topic setting. */
        public String configValue() {
            return configValue;
        }
    }

    /** The modules that write topics; each topic has exactly one. */
    public enum Writer {
        INGEST,
        ROUTING,
        SLA,
        NOTIFIER,
        GATEWAY
    }
}
