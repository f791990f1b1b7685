package dev.helpstream.gateway;

import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.Awaitility;

/** Config topics on the real broker, for the integration tests: fresh ones, and reading them. */
final class ConfigTopic {

    private ConfigTopic() {}

    /** A new, empty, compacted one-partition topic shaped like {@code helpdesk.config.v1}. */
    static String fresh(KafkaCluster cluster, String purpose) throws Exception {
        String name = "test." + purpose + "." + UUID.randomUUID();
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            admin.createTopics(List.of(new NewTopic(name, 1, cluster.replicationFactor())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        return name;
    }

    /**
     * Every committed record of {@code topic}, from the beginning to the end offsets found when
     * called, in offset order; a tombstone has a null value.
     */
    static List<ConsumerRecord<String, ConfigEntity>> committedRecords(KafkaCluster cluster, String topic) {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, ConfigEntity>> records = new ArrayList<>();
        try (KafkaConsumer<String, ConfigEntity> consumer = new KafkaConsumer<>(
                config,
                Topics.CONFIG.keySerde().deserializer(),
                Topics.CONFIG.valueSerde().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return records;
    }

    static List<String> keys(List<ConsumerRecord<String, ConfigEntity>> records) {
        return records.stream().map(ConsumerRecord::key).toList();
    }
}
