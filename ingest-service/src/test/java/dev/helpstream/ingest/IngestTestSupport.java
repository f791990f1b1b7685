package dev.helpstream.ingest;

import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.config.ApiKey;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Starting the real service and talking to the real broker, for the integration tests. */
public final class IngestTestSupport {

    private IngestTestSupport() {}

    /** The service as {@code main} starts it, on a free port, against the test cluster. */
    public static ConfigurableApplicationContext start(KafkaCluster cluster, Path blobs, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--helpstream.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--helpstream.topics.replication-factor=" + cluster.replicationFactor(),
                "--helpstream.blobs.directory=" + blobs));
        args.addAll(List.of(more));
        return IngestServiceApplication.builder().run(args.toArray(String[]::new));
    }

    /** Creates the catalogue's topics, as the service does at startup, so config can be written first. */
    public static void provisionTopics(KafkaCluster cluster) {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            new TopicProvisioner(admin, cluster.replicationFactor(), 0).provision(Topics.all(), Duration.ofSeconds(60));
        }
    }

    static WebTestClient http(ConfigurableApplicationContext context) {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + context.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Writes config records and waits for the broker's acknowledgement. */
    public static void writeConfig(KafkaCluster cluster, Map<String, byte[]> records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                new HashMap<>(cluster.clientProperties()), new StringSerializer(), new ByteArraySerializer())) {
            for (Map.Entry<String, byte[]> record : records.entrySet()) {
                producer.send(new ProducerRecord<>(Topics.CONFIG.name(), record.getKey(), record.getValue()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    public static void writeConfig(KafkaCluster cluster, ConfigEntity entity) throws Exception {
        writeConfig(cluster, Map.of(configKey(entity), encode(entity)));
    }

    /** Deletes a config entity (a tombstone). */
    public static void deleteConfig(KafkaCluster cluster, ConfigEntityType type, String id) throws Exception {
        Map<String, byte[]> tombstone = new HashMap<>();
        tombstone.put(ConfigKeys.key(type, id), null);
        writeConfig(cluster, tombstone);
    }

    static String configKey(ConfigEntity entity) {
        return ConfigKeys.key(entity.getEntityType(), entity.getId());
    }

    static byte[] encode(ConfigEntity entity) {
        return Topics.CONFIG.valueSerde().serializer().serialize(Topics.CONFIG.name(), entity);
    }

    static ConfigEntity apiKey(String id, String secret, boolean enabled, String... scopes) {
        return entity(
                ConfigEntityType.API_KEY,
                id,
                ApiKey.newBuilder()
                        .setName("Integration " + id)
                        .setKeyHash(ApiKeyAuthenticator.sha256Hex(secret))
                        .setScopes(List.of(scopes))
                        .setEnabled(enabled)
                        .build());
    }

    static ConfigEntity settings(long maxAttachmentBytes, String... extensions) {
        return entity(
                ConfigEntityType.HELPDESK_SETTINGS,
                ConfigSnapshot.SETTINGS_ID,
                HelpdeskSettings.newBuilder()
                        .setMaxAttachmentBytes(maxAttachmentBytes)
                        .setAllowedAttachmentExtensions(List.of(extensions))
                        .build());
    }

    static ConfigEntity department(String id, boolean visibleToCustomers) {
        return entity(
                ConfigEntityType.DEPARTMENT,
                id,
                Department.newBuilder()
                        .setName("Department " + id)
                        .setVisibleToCustomers(visibleToCustomers)
                        .build());
    }

    /** A config entity as an admin saves it. */
    public static ConfigEntity entity(ConfigEntityType type, String id, Object payload) {
        return ConfigEntity.newBuilder()
                .setEntityType(type)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setUpdatedBy(Actor.newBuilder()
                        .setKind(ActorKind.ADMIN)
                        .setId("admin-1")
                        .build())
                .setPayload(payload)
                .build();
    }

    /**
     * Reads {@code tickets.inbound.v1} from the offsets it had when opened, so a test sees only
     * what was written after it started.
     */
    public static final class InboundTopic implements AutoCloseable {
        private final KafkaConsumer<String, InboundMessage> consumer;
        private final List<ConsumerRecord<String, InboundMessage>> seen = new ArrayList<>();
        private final Set<String> keysSeen = new HashSet<>();

        public InboundTopic(KafkaCluster cluster) {
            Map<String, Object> config = new HashMap<>(cluster.clientProperties());
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(
                    config,
                    Topics.INBOUND.keySerde().deserializer(),
                    Topics.INBOUND.valueSerde().deserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INBOUND.name()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
        }

        /** The records with this key, once at least {@code count} have arrived. */
        public List<InboundMessage> awaitKey(String key, int count) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll();
                return matching(record -> key.equals(record.key())).size() >= count;
            });
            return matching(record -> key.equals(record.key()));
        }

        /**
         * Reads everything up to the current end of the topic, then keeps reading for a second,
         * and returns the records whose subject is {@code subject}: empty when nothing was written.
         */
        public List<InboundMessage> withSubjectAfterDraining(String subject) {
            readToCurrentEnd();
            Awaitility.await()
                    .pollDelay(Duration.ZERO)
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> {
                        poll();
                        return true;
                    });
            return matching(record -> subject.equals(record.value().getSubject()));
        }

        /**
         * The records by key, once every one of {@code keys} has arrived and the topic has been read
         * to the end offsets of that moment (so a duplicate written with them would be seen).
         */
        public Map<String, List<InboundMessage>> awaitKeys(Collection<String> keys, Duration timeout) {
            Awaitility.await().atMost(timeout).until(() -> {
                poll();
                return keysSeen.containsAll(keys);
            });
            readToCurrentEnd();
            Map<String, List<InboundMessage>> byKey = new HashMap<>();
            seen.forEach(record -> byKey.computeIfAbsent(record.key(), key -> new ArrayList<>())
                    .add(record.value()));
            return byKey;
        }

        private void readToCurrentEnd() {
            Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                poll();
                return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }

        private List<InboundMessage> matching(Predicate<ConsumerRecord<String, InboundMessage>> filter) {
            return seen.stream().filter(filter).map(ConsumerRecord::value).toList();
        }

        private void poll() {
            for (ConsumerRecord<String, InboundMessage> record : consumer.poll(Duration.ofMillis(100))) {
                seen.add(record);
                keysSeen.add(record.key());
            }
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
