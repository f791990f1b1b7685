package dev.helpstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.DemoConfiguration.Outcome;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seeding rule on the real broker, each test on a fresh topic shaped like the config topic:
 * an empty topic gets exactly the demo set, in one committed transaction; a topic with any
 * committed record gets nothing.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class DemoSeederIT {

    private static final Instant NOW = Instant.parse("2026-03-01T09:30:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldWriteTheDemoSetIntoAnEmptyTopicAndNothingOnTheNextStart(KafkaCluster cluster) throws Exception {
        String topic = ConfigTopic.fresh(cluster, "demo-empty");
        List<ConfigEntity> demo = DemoData.entities(NOW);

        DemoSeeder.Result first = seeder(cluster, topic).seedIfEmpty(() -> demo);

        assertThat(first).isEqualTo(new DemoSeeder.Result(Outcome.SEEDED, 0, demo.size()));
        var written = ConfigTopic.committedRecords(cluster, topic);
        assertThat(ConfigTopic.keys(written))
                .containsExactlyElementsOf(
                        demo.stream().map(ConfigWriter::keyOf).toList());
        assertThat(written.stream().map(record -> record.value()).toList()).isEqualTo(demo);

        DemoSeeder.Result second = seeder(cluster, topic).seedIfEmpty(() -> demo);

        assertThat(second).isEqualTo(new DemoSeeder.Result(Outcome.KEPT_EXISTING, demo.size(), 0));
        assertThat(ConfigTopic.committedRecords(cluster, topic)).hasSize(demo.size());
    }

    @Test
    void shouldKeepAnAdminsConfigurationAndWriteNothing(KafkaCluster cluster) throws Exception {
        String topic = ConfigTopic.fresh(cluster, "demo-admin");
        ConfigEntity adminsDepartment = ConfigEntity.newBuilder()
                .setEntityType(ConfigEntityType.DEPARTMENT)
                .setId("first-line")
                .setRevision(1)
                .setUpdatedAt(NOW)
                .setUpdatedBy(new Actor(ActorKind.ADMIN, "root", null, null))
                .setPayload(Department.newBuilder().setName("First line").build())
                .build();
        ConfigWriter writer = ConfigWriter.create(cluster.bootstrapServers(), topic, TIMEOUT);
        try {
            writer.write(adminsDepartment).block(TIMEOUT);
        } finally {
            writer.destroy();
        }

        DemoSeeder.Result result = seeder(cluster, topic).seedIfEmpty(() -> DemoData.entities(NOW));

        assertThat(result).isEqualTo(new DemoSeeder.Result(Outcome.KEPT_EXISTING, 1, 0));
        var records = ConfigTopic.committedRecords(cluster, topic);
        assertThat(ConfigTopic.keys(records)).containsExactly("DEPARTMENT:first-line");
        assertThat(records.get(0).value()).isEqualTo(adminsDepartment);
    }

    @Test
    void shouldCountAnAdminsTombstoneAsConfiguration(KafkaCluster cluster) throws Exception {
        String topic = ConfigTopic.fresh(cluster, "demo-tombstone");
        ConfigWriter writer = ConfigWriter.create(cluster.bootstrapServers(), topic, TIMEOUT);
        try {
            writer.delete(ConfigEntityType.FILTER, "90-noise").block(TIMEOUT);
        } finally {
            writer.destroy();
        }

        DemoSeeder.Result result = seeder(cluster, topic).seedIfEmpty(() -> DemoData.entities(NOW));

        assertThat(result.outcome()).isEqualTo(Outcome.KEPT_EXISTING);
        assertThat(ConfigTopic.keys(ConfigTopic.committedRecords(cluster, topic)))
                .containsExactly("FILTER:90-noise");
    }

    @Test
    void shouldSeedATopicThatHoldsOnlyAnAbortedTransaction(KafkaCluster cluster) throws Exception {
        String topic = ConfigTopic.fresh(cluster, "demo-aborted");
        // What a crashed seeding leaves behind: records that readers reading committed never see.
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-aborted-" + topic);
        try (Producer<String, ConfigEntity> producer = new KafkaProducer<>(
                config,
                Topics.CONFIG.keySerde().serializer(),
                Topics.CONFIG.valueSerde().serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            ConfigEntity settings = DemoData.entities(NOW).get(0);
            producer.send(new ProducerRecord<>(topic, ConfigWriter.keyOf(settings), settings))
                    .get(30, TimeUnit.SECONDS);
            producer.abortTransaction();
        }
        List<ConfigEntity> demo = DemoData.entities(NOW);

        DemoSeeder.Result result = seeder(cluster, topic).seedIfEmpty(() -> demo);

        assertThat(result).isEqualTo(new DemoSeeder.Result(Outcome.SEEDED, 0, demo.size()));
        assertThat(ConfigTopic.keys(ConfigTopic.committedRecords(cluster, topic)))
                .containsExactlyElementsOf(
                        demo.stream().map(ConfigWriter::keyOf).toList());
    }

    private static DemoSeeder seeder(KafkaCluster cluster, String topic) {
        return new DemoSeeder(cluster.bootstrapServers(), topic, "test-demo-" + topic, TIMEOUT);
    }
}
