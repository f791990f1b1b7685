package dev.helpstream.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The planner as it runs: the notifier application on a real broker (deliverers off), exactly-once
 * v2, read back read_committed.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class NotifierPlannerIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String DEPARTMENT = "planner-it-" + UUID.randomUUID();
    private static final String WEBHOOK = "planner-it-" + UUID.randomUUID();

    @TempDir
    static Path stateDirectory;

    private static KafkaCluster cluster;
    private static String applicationId;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        cluster = kafka;
        applicationId = "notifier-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin, kafka.replicationFactor(), 0)
                    .provision(NotifierStreamsRuntime.TOPICS, Duration.ofSeconds(60));
        }
        // Written before the start, so the global config store holds it before the first event.
        configure(
                ConfigEntityType.DEPARTMENT,
                DEPARTMENT,
                Department.newBuilder().setName("Hosting").build());
        configure(
                ConfigEntityType.WEBHOOK,
                WEBHOOK,
                Webhook.newBuilder()
                        .setName("CRM")
                        .setUrl("https://hooks.example/crm")
                        .setSecretRef("crm")
                        .setDepartmentIds(List.of(DEPARTMENT))
                        .build());
        app = NotifierServiceApplication.builder()
                .run(
                        "--server.port=0",
                        "--helpstream.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--helpstream.topics.replication-factor=" + kafka.replicationFactor(),
                        "--helpstream.streams.application-id=" + applicationId,
                        "--helpstream.streams.state-directory=" + stateDirectory,
                        "--helpstream.delivery.enabled=false");
        await().atMost(DEADLINE)
                .untilAsserted(() -> http().get()
                        .uri("/actuator/health")
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody()
                        .jsonPath("$.components.streams.details.state")
                        .isEqualTo("RUNNING"));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void shouldPlanANewTicketsAcknowledgementAndWebhookExactlyOnce() throws Exception {
        String ticketId = UUID.randomUUID().toString();
        TicketEvent opened = opened(ticketId);
        byte[] bytes = Topics.EVENTS.valueSerde().serializer().serialize(Topics.EVENTS.name(), opened);
        send(Topics.EVENTS.name(), ticketId, bytes);
        // The same event again, as a producer retry upstream might write it: planned once all the same.
        send(Topics.EVENTS.name(), ticketId, bytes);

        await().atMost(DEADLINE)
                .until(() -> !emailsOf(ticketId, opened.getEventId()).isEmpty()
                        && !webhooksOf(opened.getEventId()).isEmpty());
        awaitCaughtUp();

        List<EmailDelivery> emails = emailsOf(ticketId, opened.getEventId());
        assertThat(emails).extracting(EmailDelivery::getDeliveryId).containsExactly(opened.getEventId() + ":customer");
        EmailDelivery email = emails.get(0);
        assertThat(email.getTicketId()).isEqualTo(ticketId);
        assertThat(email.getKind()).isEqualTo("CUSTOMER_TICKET_OPENED");
        assertThat(email.getTo()).containsExactly(new Contact("ops@customer.example", "Ops", null));
        assertThat(email.getSubject()).isEqualTo("[#10001] Disk full on web-3");
        assertThat(email.getSourceTopic()).isEqualTo(Topics.EVENTS.name());
        List<WebhookDelivery> webhooks = webhooksOf(opened.getEventId());
        assertThat(webhooks)
                .extracting(WebhookDelivery::getDeliveryId)
                .containsExactly(opened.getEventId() + ":" + WEBHOOK);
        assertThat(webhooks.get(0).getEventType()).isEqualTo("ticket.created");
        assertThat(webhooks.get(0).getUrl()).isEqualTo("https://hooks.example/crm");
    }

    @Test
    void shouldDeadLetterAnUndecodableEventAndKeepPlanning() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        send(Topics.EVENTS.name(), poisonKey, "not avro".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<byte[], byte[]> dead = awaitRecord(Topics.NOTIFIER_DLQ.name(), poisonKey);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        Map<String, String> headers = new HashMap<>();
        for (Header header : dead.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers.values()).contains(Topics.EVENTS.name());
        assertThat(headers.values())
                .anySatisfy(value -> assertThat(value)
                        .contains("Cannot decode dev.helpstream.schema.TicketEvent from topic 'tickets.events.v1'"));

        String ticketId = UUID.randomUUID().toString();
        TicketEvent opened = opened(ticketId);
        send(
                Topics.EVENTS.name(),
                ticketId,
                Topics.EVENTS.valueSerde().serializer().serialize(Topics.EVENTS.name(), opened));
        await().atMost(DEADLINE)
                .until(() -> !emailsOf(ticketId, opened.getEventId()).isEmpty());
    }

    private static TicketEvent opened(String ticketId) {
        return TicketEvent.newBuilder()
                .setEventId("ev-" + ticketId + "-v1")
                .setTicketId(ticketId)
                .setTicketNumber(10001)
                .setVersion(1)
                .setOccurredAt(Instant.now())
                .setActor(new Actor(ActorKind.CUSTOMER, "ops@customer.example", "Ops", null))
                .setPayload(TicketOpened.newBuilder()
                        .setSubject("Disk full on web-3")
                        .setCustomer(new Contact("ops@customer.example", "Ops", null))
                        .setChannel(Channel.EMAIL)
                        .setDepartmentId(DEPARTMENT)
                        .setPriorityId("normal")
                        .setStatusId("new")
                        .setLifecycle(LifecycleState.NEW)
                        .setFirstMessageId("m1")
                        .setEmailMessageId("m1." + ticketId + "@customer.example")
                        .setBody(MessageBody.newBuilder()
                                .setText("/var is at 100%")
                                .build())
                        .setAutoReplyAllowed(true)
                        .build())
                .build();
    }

    private static void configure(ConfigEntityType type, String id, Object payload) throws Exception {
        ConfigEntity entity = ConfigEntity.newBuilder()
                .setEntityType(type)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.now())
                .setUpdatedBy(new Actor(ActorKind.ADMIN, "admin", null, null))
                .setPayload(payload)
                .build();
        send(
                Topics.CONFIG.name(),
                type.name() + ":" + id,
                Topics.CONFIG.valueSerde().serializer().serialize(Topics.CONFIG.name(), entity));
    }

    private static void send(String topic, String key, byte[] value) throws Exception {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** The ticket's planned emails (other tests on the shared broker write other keys, even poison). */
    private static List<EmailDelivery> emailsOf(String ticketId, String eventId) {
        return readAll(Topics.EMAIL_DELIVERIES.name()).stream()
                .filter(record -> hasKey(record, ticketId))
                .map(record -> Topics.EMAIL_DELIVERIES
                        .valueSerde()
                        .deserializer()
                        .deserialize(Topics.EMAIL_DELIVERIES.name(), record.value()))
                .filter(email -> email.getEventId().equals(eventId))
                .toList();
    }

    private static List<WebhookDelivery> webhooksOf(String eventId) {
        return readAll(Topics.WEBHOOK_DELIVERIES.name()).stream()
                .filter(record -> hasKey(record, WEBHOOK))
                .map(record -> Topics.WEBHOOK_DELIVERIES
                        .valueSerde()
                        .deserializer()
                        .deserialize(Topics.WEBHOOK_DELIVERIES.name(), record.value()))
                .filter(webhook -> webhook.getEventId().equals(eventId))
                .toList();
    }

    private static boolean hasKey(ConsumerRecord<byte[], byte[]> record, String key) {
        return record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<byte[], byte[]> awaitRecord(String topic, String key) {
        return await().atMost(DEADLINE)
                .until(
                        () -> readAll(topic).stream()
                                .filter(record -> hasKey(record, key))
                                .findFirst()
                                .orElse(null),
                        record -> record != null);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return ClusterProbe.readCommitted(
                cluster.bootstrapServers(), topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), DEADLINE);
    }

    /** Waits until the planner has committed everything written to the ticket events so far. */
    private static void awaitCaughtUp() {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            await().atMost(DEADLINE)
                    .until(() -> ClusterProbe.committedLag(admin, applicationId, List.of(Topics.EVENTS.name())) == 0);
        }
    }

    private static WebTestClient http() {
        String port = app.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }
}
