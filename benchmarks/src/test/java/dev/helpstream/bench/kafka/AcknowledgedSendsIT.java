package dev.helpstream.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class AcknowledgedSendsIT {

    @Test
    void returnsOnlyOnceEveryRecordIsOnTheTopic(KafkaCluster cluster) throws Exception {
        String topic = topic(cluster, "acknowledged-sends-all");
        try (KafkaProducer<String, String> producer = producer(cluster, 1_048_576)) {
            long elapsed = AcknowledgedSends.sendAll(
                    producer, 500, i -> new ProducerRecord<>(topic, "k" + i, "v" + i), "test records");

            assertThat(elapsed).isPositive();
        }

        List<ConsumerRecord<String, String>> written = ClusterProbe.readCommitted(
                cluster.bootstrapServers(),
                topic,
                new StringDeserializer(),
                new StringDeserializer(),
                Duration.ofSeconds(30));
        assertThat(written).hasSize(500);
        assertThat(written.stream().map(ConsumerRecord::value).distinct()).hasSize(500);
    }

    @Test
    void throwsTheFirstRefusedRecordsErrorNamingWhatWasWritten(KafkaCluster cluster) throws Exception {
        String topic = topic(cluster, "acknowledged-sends-refused");
        try (KafkaProducer<String, String> producer = producer(cluster, 2_048)) {
            // Record 3 is larger than the producer may send; the client refuses it in its callback.
            assertThatThrownBy(() -> AcknowledgedSends.sendAll(
                            producer,
                            10,
                            i -> new ProducerRecord<>(topic, "k" + i, i == 3 ? "x".repeat(4_096) : "v" + i),
                            "test records to " + topic))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("could not write test records to " + topic + ": ")
                    .hasCauseInstanceOf(RecordTooLargeException.class);
        }
    }

    private static String topic(KafkaCluster cluster, String name) throws Exception {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, 3, cluster.replicationFactor())))
                    .all()
                    .get();
        }
        return name;
    }

    private static KafkaProducer<String, String> producer(KafkaCluster cluster, int maxRequestBytes) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                maxRequestBytes);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }
}
