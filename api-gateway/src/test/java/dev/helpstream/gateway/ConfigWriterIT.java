package dev.helpstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.config.Category;
import dev.helpstream.schema.config.Department;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.test.StepVerifier;

/** The config writer on the real broker, against a fresh topic shaped like the config topic. */
@ExtendWith(EmbeddedKafkaExtension.class)
class ConfigWriterIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ConfigWriter writer;

    @AfterEach
    void close() {
        if (writer != null) {
            writer.destroy();
        }
    }

    @Test
    void shouldWriteEntitiesUnderTheirKeyInOrderAndDeleteWithATombstone(KafkaCluster cluster) throws Exception {
        String topic = ConfigTopic.fresh(cluster, "writer");
        writer = ConfigWriter.create(cluster.bootstrapServers(), topic, TIMEOUT);
        ConfigEntity billing = entity(ConfigEntityType.DEPARTMENT, "billing", 1, department("Billing"));
        ConfigEntity renamed = entity(ConfigEntityType.DEPARTMENT, "billing", 2, department("Accounts"));

        StepVerifier.create(writer.write(billing))
                .assertNext(metadata -> assertThat(metadata.offset()).isZero())
                .expectComplete()
                .verify(TIMEOUT);
        RecordMetadata second = writer.write(renamed).block(TIMEOUT);
        RecordMetadata third =
                writer.delete(ConfigEntityType.DEPARTMENT, "billing").block(TIMEOUT);

        assertThat(second.offset()).isEqualTo(1);
        assertThat(third.offset()).isEqualTo(2);
        var records = ConfigTopic.committedRecords(cluster, topic);
        assertThat(ConfigTopic.keys(records))
                .containsExactly("DEPARTMENT:billing", "DEPARTMENT:billing", "DEPARTMENT:billing");
        assertThat(records.get(0).value()).isEqualTo(billing);
        assertThat(records.get(1).value()).isEqualTo(renamed);
        assertThat(records.get(2).value()).isNull();
    }

    @Test
    void shouldRefuseAnEntityWhoseTypeDoesNotNameItsPayloadAndWriteNothing(KafkaCluster cluster) throws Exception {
        String topic = ConfigTopic.fresh(cluster, "writer-mismatch");
        writer = ConfigWriter.create(cluster.bootstrapServers(), topic, TIMEOUT);
        ConfigEntity mislabelled = entity(
                ConfigEntityType.DEPARTMENT,
                "outage",
                1,
                Category.newBuilder().setName("Outage").build());

        StepVerifier.create(writer.write(mislabelled))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("entity DEPARTMENT:outage carries a CATEGORY payload"))
                .verify(TIMEOUT);
        writer.write(entity(ConfigEntityType.DEPARTMENT, "sales", 1, department("Sales")))
                .block(TIMEOUT);

        assertThat(ConfigTopic.keys(ConfigTopic.committedRecords(cluster, topic)))
                .containsExactly("DEPARTMENT:sales");
    }

    private static Department department(String name) {
        return Department.newBuilder().setName(name).build();
    }

    private static ConfigEntity entity(ConfigEntityType type, String id, long revision, Object payload) {
        return ConfigEntity.newBuilder()
                .setEntityType(type)
                .setId(id)
                .setRevision(revision)
                .setUpdatedAt(Instant.parse("2026-03-01T10:00:00Z").plusSeconds(revision))
                .setUpdatedBy(new Actor(ActorKind.ADMIN, "root", null, null))
                .setPayload(payload)
                .build();
    }
}
