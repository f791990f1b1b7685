package dev.helpstream.notifier.delivery;

import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.DeadLetter;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Topics, records and reads shared by the deliverers' integration tests. */
final class DeliveryTestSupport {

    static final Duration DEADLINE = Duration.ofSeconds(60);

    private final KafkaCluster cluster;

    DeliveryTestSupport(KafkaCluster cluster) {
        this.cluster = cluster;
    }

    /** Creates the topics the deliverers read and write (the planner does it when it runs). */
    void provisionTopics() {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            new TopicProvisioner(admin, cluster.replicationFactor(), 0)
                    .provision(
                            List.of(
                                    Topics.EMAIL_DELIVERIES,
                                    Topics.WEBHOOK_DELIVERIES,
                                    Topics.DELIVERY_LOG,
                                    Topics.NOTIFICATION_DEAD_LETTERS,
                                    Topics.NOTIFIER_DLQ),
                            Duration.ofSeconds(30));
        }
    }

    /** The arguments that run the deliverers against this cluster, quickly. */
    String[] arguments(String groupSuffix, String... more) {
        String[] base = {
            "--server.port=0",
            "--helpstream.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
            "--helpstream.delivery.email.group-id=email-" + groupSuffix,
            "--helpstream.delivery.webhook.group-id=webhook-" + groupSuffix,
            "--helpstream.delivery.retry.max-attempts=4",
            "--helpstream.delivery.retry.initial-interval=50ms",
            "--helpstream.delivery.retry.max-interval=2s",
            "--helpstream.delivery.webhook.connect-timeout=1s",
            "--helpstream.delivery.webhook.request-timeout=3s",
            "--helpstream.delivery.smtp.connect-timeout=1s",
            "--helpstream.delivery.smtp.timeout=3s",
            "--helpstream.delivery.log-timeout=10s"
        };
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    <V> void send(Topic<String, V> topic, String key, V value) {
        sendRaw(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value));
    }

    /** Sends the records in order, through one producer. */
    <V> void sendAll(Topic<String, V> topic, List<Map.Entry<String, V>> records) {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Map.Entry<String, V> record : records) {
                sent.add(producer.send(new ProducerRecord<>(
                        topic.name(),
                        record.getKey().getBytes(StandardCharsets.UTF_8),
                        topic.valueSerde().serializer().serialize(topic.name(), record.getValue()))));
            }
            for (Future<RecordMetadata> each : sent) {
                each.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic.name(), e);
        }
    }

    void sendRaw(String topic, String key, byte[] value) {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send to " + topic, e);
        }
    }

    /** The delivery log's records of one delivery, in the order they were written. */
    List<DeliveryRecord> logOf(String deliveryId) {
        return read(Topics.DELIVERY_LOG).stream()
                .map(ConsumerRecord::value)
                .filter(record -> record.getDeliveryId().equals(deliveryId))
                .toList();
    }

    /** Waits until the delivery log holds {@code count} records of the delivery. */
    List<DeliveryRecord> awaitLog(String deliveryId, int count) {
        return await().atMost(DEADLINE).until(() -> logOf(deliveryId), records -> records.size() >= count);
    }

    /** Waits for the dead letter of a delivery. */
    ConsumerRecord<String, DeadLetter> awaitDeadLetter(String deliveryId) {
        return await().atMost(DEADLINE)
                .until(
                        () -> read(Topics.NOTIFICATION_DEAD_LETTERS).stream()
                                .filter(record ->
                                        record.value().getDeadLetterId().equals(deliveryId))
                                .toList(),
                        letters -> !letters.isEmpty())
                .get(0);
    }

    /** Waits for the poison record with this key on {@code notifier.dlq.v1}. */
    ConsumerRecord<byte[], byte[]> awaitPoison(String key) {
        return await().atMost(DEADLINE)
                .until(
                        () -> ClusterProbe.readCommitted(
                                        cluster.bootstrapServers(),
                                        Topics.NOTIFIER_DLQ.name(),
                                        new ByteArrayDeserializer(),
                                        new ByteArrayDeserializer(),
                                        DEADLINE)
                                .stream()
                                .filter(record -> record.key() != null
                                        && key.equals(new String(record.key(), StandardCharsets.UTF_8)))
                                .toList(),
                        records -> !records.isEmpty())
                .get(0);
    }

    <V> List<ConsumerRecord<String, V>> read(Topic<String, V> topic) {
        return ClusterProbe.readCommitted(
                cluster.bootstrapServers(),
                topic.name(),
                new StringDeserializer(),
                topic.valueSerde().deserializer(),
                DEADLINE);
    }

    static Map<String, String> headers(ConsumerRecord<?, ?> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    /** A plain customer email of a new ticket, to one recipient, planned now. */
    static EmailDelivery.Builder email(String to) {
        String ticketId = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();
        return EmailDelivery.newBuilder()
                .setDeliveryId(eventId + ":customer")
                .setEventId(eventId)
                .setTicketId(ticketId)
                .setTicketNumber(10_234)
                .setKind("ACKNOWLEDGEMENT")
                .setPlannedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSourceTopic(Topics.EVENTS.name())
                .setSourcePartition(2)
                .setSourceOffset(41)
                .setFrom(new Contact("support@help.example", "Example Support", null))
                .setTo(List.of(new Contact(to, null, null)))
                .setSubject("[#10234] We received your request")
                .setText("We received your request.")
                .setMessageId("t." + ticketId + "." + eventId.substring(0, 8) + "@help.example");
    }

    /** A generic JSON webhook call of a created ticket, planned now. */
    static WebhookDelivery.Builder webhook(String url, String secretRef) {
        String webhookId = "wh-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        return WebhookDelivery.newBuilder()
                .setDeliveryId(eventId + ":" + webhookId)
                .setEventId(eventId)
                .setEventType("ticket.created")
                .setWebhookId(webhookId)
                .setUrl(url)
                .setFormat("GENERIC_JSON")
                .setSecretRef(secretRef)
                .setTicketId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
                .setSourceTopic(Topics.EVENTS.name())
                .setSourcePartition(1)
                .setSourceOffset(7)
                .setContentType("application/json")
                .setBody(ByteBuffer.wrap(("{\"event\":\"ticket.created\",\"event_id\":\"" + eventId + "\"}")
                        .getBytes(StandardCharsets.UTF_8)));
    }
}
