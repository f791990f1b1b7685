package dev.helpstream.schema.topic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.DeadLetter;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.PresenceBeat;
import dev.helpstream.schema.RandomRecords;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(EmbeddedKafkaExtension.class)
class TopicCatalogueIT {

    private static TopicProvisioner.Result firstRun;

    @BeforeAll
    static void provision(KafkaCluster cluster) {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            firstRun = new TopicProvisioner(admin, cluster.replicationFactor(), 0)
                    .provision(Topics.all(), Duration.ofSeconds(30));
        }
    }

    @Test
    void shouldCreateEveryCatalogueTopicWithItsPartitionsAndCleanupPolicy(KafkaCluster cluster) throws Exception {
        assertThat(union(firstRun.created(), firstRun.existing()))
                .containsExactlyInAnyOrderElementsOf(
                        Topics.all().stream().map(Topic::name).toList());
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            Set<String> names = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());
            var descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            for (Topic<?, ?> topic : Topics.all()) {
                assertThat(descriptions.get(topic.name()).partitions()).hasSize(topic.partitions());
            }
            ConfigResource state = new ConfigResource(ConfigResource.Type.TOPIC, Topics.STATE.name());
            Config stateConfig = admin.describeConfigs(List.of(state))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(state);
            assertThat(stateConfig.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldFindEveryTopicPresentWhenProvisionedAgain(KafkaCluster cluster) {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            TopicProvisioner.Result again = new TopicProvisioner(admin, cluster.replicationFactor(), 0)
                    .provision(Topics.all(), Duration.ofSeconds(30));

            assertThat(again.created()).isEmpty();
            assertThat(again.existing()).hasSize(Topics.all().size());
        }
    }

    @Test
    void shouldRoundTripARecordOfEverySchemaThroughItsTopic(KafkaCluster cluster) {
        roundTrip(cluster, Topics.INBOUND, InboundMessage.class);
        roundTrip(cluster, Topics.COMMANDS, TicketCommand.class);
        roundTrip(cluster, Topics.EVENTS, TicketEvent.class);
        roundTrip(cluster, Topics.STATE, Ticket.class);
        roundTrip(cluster, Topics.COMMAND_RESULTS, CommandResult.class);
        roundTrip(cluster, Topics.SLA, SlaEvent.class);
        roundTrip(cluster, Topics.CONFIG, ConfigEntity.class);
        roundTrip(cluster, Topics.NOTIFICATION_DEAD_LETTERS, DeadLetter.class);
        roundTrip(cluster, Topics.PORTAL_ACCESS_LINKS, PortalAccessLink.class);
        roundTrip(cluster, Topics.PRESENCE, PresenceBeat.class);
    }

    private static <V extends SpecificRecord> void roundTrip(
            KafkaCluster cluster, Topic<String, V> topic, Class<V> type) {
        V sent = RandomRecords.one(type, topic.name().hashCode());
        String key = UUID.randomUUID().toString();

        Map<String, Object> producerConfig = new HashMap<>(cluster.clientProperties());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(
                producerConfig,
                topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), key, sent)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("Could not write to " + topic.name(), e);
        }

        V received = readValueOfKey(cluster, topic, key);
        assertThat(RandomRecords.binary(received)).as(topic.name()).isEqualTo(RandomRecords.binary(sent));
    }

    private static <V> V readValueOfKey(KafkaCluster cluster, Topic<String, V> topic, String key) {
        Map<String, Object> consumerConfig = new HashMap<>(cluster.clientProperties());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "catalogue-it-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(
                consumerConfig,
                topic.keySerde().deserializer(),
                topic.valueSerde().deserializer())) {
            consumer.subscribe(List.of(topic.name()));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(key)) {
                        return record.value();
                    }
                }
            }
        }
        throw new AssertionError("No record with key " + key + " arrived on " + topic.name());
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
