package dev.helpstream.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.command.ChangeStatus;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.SuppressionReason;
import dev.helpstream.schema.event.SuppressionRecorded;
import dev.helpstream.schema.event.SuppressionScope;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** routing-stream as it runs: a real broker, exactly-once v2, dead letters. */
@ExtendWith(EmbeddedKafkaExtension.class)
class RoutingStreamIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Actor ADMIN = new Actor(ActorKind.ADMIN, "admin", "Admin", null);

    @TempDir
    static Path stateDirectory;

    private static ConfigurableApplicationContext app;
    private static String applicationId;
    private static KafkaCluster cluster;

    @BeforeAll
    static void start(KafkaCluster kafka) {
        cluster = kafka;
        applicationId = "routing-it-" + UUID.randomUUID();
        app = RoutingStreamApplication.builder()
                .run(
                        "--server.port=0",
                        "--helpstream.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--helpstream.topics.replication-factor=" + kafka.replicationFactor(),
                        "--helpstream.streams.application-id=" + applicationId,
                        "--helpstream.streams.state-directory=" + stateDirectory);
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
        app.close();
    }

    @Test
    void shouldOpenATicketForAnInboundMessageAndIgnoreItsDuplicate() throws Exception {
        String messageId = "<" + UUID.randomUUID() + "@example.com>";
        String ticketId = TicketIds.forInboundMessage(messageId);
        send(messageId, Topics.INBOUND.valueSerde().serializer().serialize(Topics.INBOUND.name(), email(messageId)));

        TicketEvent opened = awaitEvent(ticketId, 1);
        assertThat(opened.getVersion()).isEqualTo(1);
        assertThat(((TicketOpened) opened.getPayload()).getSubject()).isEqualTo("Disk full on web-3");

        send(messageId, Topics.INBOUND.valueSerde().serializer().serialize(Topics.INBOUND.name(), email(messageId)));
        awaitCaughtUp();
        assertThat(eventsOf(ticketId)).extracting(TicketEvent::getVersion).containsExactly(1L);
    }

    @Test
    void shouldOpenATicketForAnAutoReplyWithoutAutoRepliesAndPutTheSuppressionOnItsRecord() throws Exception {
        String messageId = UUID.randomUUID() + "@customer.example";
        String ticketId = TicketIds.forInboundMessage(messageId);
        InboundMessage outOfOffice = InboundMessage.newBuilder(email(messageId))
                .setSubject("Automatic reply: Disk full on web-3")
                .setAutomation(AutomationIndicators.newBuilder()
                        .setAutoSubmitted("auto-replied")
                        .build())
                .build();
        send(messageId, Topics.INBOUND.valueSerde().serializer().serialize(Topics.INBOUND.name(), outOfOffice));

        TicketEvent suppressed = awaitEvent(ticketId, 2);
        List<TicketEvent> all = eventsOf(ticketId);
        assertThat(all).extracting(TicketEvent::getVersion).containsExactly(1L, 2L);
        assertThat(((TicketOpened) all.get(0).getPayload()).getAutoReplyAllowed())
                .isFalse();
        assertThat(suppressed.getPayload())
                .isEqualTo(new SuppressionRecorded(
                        messageId,
                        SuppressionReason.AUTO_SUBMITTED,
                        SuppressionScope.NOTIFICATION,
                        "ops@customer.example",
                        null,
                        "Auto-Submitted: auto-replied"));
        assertThat(suppressed.getTicketNumber()).isEqualTo(all.get(0).getTicketNumber());
    }

    @Test
    void shouldDeadLetterUndecodableRecordsAndKeepRunning() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        send(poisonKey, "not avro".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<byte[], byte[]> dead = awaitRecord(Topics.ROUTING_DLQ.name(), poisonKey);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        Map<String, String> headers = new HashMap<>();
        for (Header header : dead.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers.values())
                .anySatisfy(value -> assertThat(value)
                        .contains("Cannot decode dev.helpstream.schema.InboundMessage from topic 'tickets.inbound.v1'"
                                + " (schema fingerprint none): not Avro single-object encoded (bad header)"));
        assertThat(headers.values()).contains(Topics.INBOUND.name());

        String messageId = "<" + UUID.randomUUID() + "@example.com>";
        send(messageId, Topics.INBOUND.valueSerde().serializer().serialize(Topics.INBOUND.name(), email(messageId)));
        assertThat(awaitEvent(TicketIds.forInboundMessage(messageId), 1).getVersion())
                .isEqualTo(1);
    }

    @Test
    void shouldSkipAnUndecodableConfigurationRecordAndKeepRunning() throws Exception {
        send(Topics.CONFIG.name(), "DEPARTMENT:broken", "not avro".getBytes(StandardCharsets.UTF_8));

        String messageId = "<" + UUID.randomUUID() + "@example.com>";
        send(messageId, Topics.INBOUND.valueSerde().serializer().serialize(Topics.INBOUND.name(), email(messageId)));
        assertThat(awaitEvent(TicketIds.forInboundMessage(messageId), 1).getVersion())
                .isEqualTo(1);
        assertThat(app.getBean(RoutingStreamsRuntime.class).streams().state()).isEqualTo(KafkaStreams.State.RUNNING);
    }

    @Test
    void shouldCloseATicketForInactivityWhenItsTimerArrivesOnceOrTwice() throws Exception {
        // Days in the past: the broker refuses record times far in the future.
        Instant waitingSince = Instant.now().minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.MILLIS);
        Instant due = waitingSince.plus(Duration.ofDays(5));
        send(
                Topics.CONFIG.name(),
                ConfigKeys.settings(),
                waitingSince,
                Topics.CONFIG
                        .valueSerde()
                        .serializer()
                        .serialize(
                                Topics.CONFIG.name(),
                                ConfigEntity.newBuilder()
                                        .setEntityType(ConfigEntityType.HELPDESK_SETTINGS)
                                        .setId(ConfigKeys.SETTINGS_ID)
                                        .setRevision(1)
                                        .setUpdatedAt(waitingSince)
                                        .setUpdatedBy(ADMIN)
                                        .setPayload(HelpdeskSettings.newBuilder()
                                                .setAutoCloseInactiveDays(5)
                                                .build())
                                        .build()));
        String messageId = "<" + UUID.randomUUID() + "@example.com>";
        String ticketId = TicketIds.forInboundMessage(messageId);
        send(
                Topics.INBOUND.name(),
                messageId,
                waitingSince,
                Topics.INBOUND.valueSerde().serializer().serialize(Topics.INBOUND.name(), email(messageId)));
        awaitEvent(ticketId, 1);
        TicketCommand waiting = TicketCommand.newBuilder()
                .setCommandId("wait-" + ticketId)
                .setCorrelationId("wait-" + ticketId)
                .setTicketId(ticketId)
                .setIssuedAt(waitingSince)
                .setActor(ADMIN)
                .setPayload(new ChangeStatus("waiting_on_customer"))
                .build();
        send(
                Topics.COMMANDS.name(),
                ticketId,
                waitingSince,
                Topics.COMMANDS.valueSerde().serializer().serialize(Topics.COMMANDS.name(), waiting));
        awaitEvent(ticketId, 2);

        SlaEvent autoCloseDue = SlaEvent.newBuilder()
                .setEventId("auto-close-" + ticketId)
                .setTicketId(ticketId)
                .setTicketNumber(0)
                .setOccurredAt(due)
                .setKind(SlaEventKind.AUTO_CLOSE_DUE)
                .setDepartmentId("general")
                .build();
        byte[] timer = Topics.SLA.valueSerde().serializer().serialize(Topics.SLA.name(), autoCloseDue);
        send(Topics.SLA.name(), ticketId, due, timer);
        send(Topics.SLA.name(), ticketId, due, timer);

        TicketEvent closed = awaitEvent(ticketId, 3);
        assertThat(closed.getOccurredAt()).isEqualTo(due);
        assertThat(closed.getActor()).isEqualTo(new Actor(ActorKind.SYSTEM, "sla", "Inactivity timer", null));
        assertThat(closed.getCausationId()).isEqualTo("auto-close-" + ticketId);
        assertThat(closed.getPayload())
                .isEqualTo(new TicketClosed(
                        CloseReason.INACTIVITY, "no activity for 5 days", "waiting_on_customer", "closed"));
        awaitCaughtUp();
        assertThat(eventsOf(ticketId)).extracting(TicketEvent::getVersion).containsExactly(1L, 2L, 3L);
    }

    @Test
    void shouldDeadLetterAnUndecodableSlaEvent() throws Exception {
        String poisonKey = "poison-sla-" + UUID.randomUUID();
        send(Topics.SLA.name(), poisonKey, "not an SLA event".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<byte[], byte[]> dead = awaitRecord(Topics.ROUTING_DLQ.name(), poisonKey);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not an SLA event");
        List<String> headers = new ArrayList<>();
        for (Header header : dead.headers()) {
            headers.add(new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).contains(Topics.SLA.name());
        assertThat(headers)
                .anySatisfy(value -> assertThat(value)
                        .contains("Cannot decode dev.helpstream.schema.SlaEvent from topic 'tickets.sla.v1'"));
    }

    private static InboundMessage email(String messageId) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(Channel.EMAIL)
                .setReceivedAt(Instant.now())
                .setFrom(new Contact("ops@customer.example", "Ops", null))
                .setSubject("Disk full on web-3")
                .setBody(MessageBody.newBuilder().setText("/var is at 100%").build())
                .build();
    }

    private static void send(String key, byte[] value) throws Exception {
        send(Topics.INBOUND.name(), key, value);
    }

    private static void send(String topic, String key, byte[] value) throws Exception {
        send(topic, key, null, value);
    }

    /** Sends with the given record time (null: now). */
    private static void send(String topic, String key, Instant timestamp, byte[] value) throws Exception {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic,
                            null,
                            timestamp == null ? null : timestamp.toEpochMilli(),
                            key.getBytes(StandardCharsets.UTF_8),
                            value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static TicketEvent awaitEvent(String ticketId, int count) {
        List<TicketEvent> events = new ArrayList<>();
        await().atMost(DEADLINE).until(() -> {
            events.clear();
            events.addAll(eventsOf(ticketId));
            return events.size() >= count;
        });
        return events.get(count - 1);
    }

    /** Every committed event of the ticket, read from the start of the topic. */
    private static List<TicketEvent> eventsOf(String ticketId) {
        List<TicketEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readAll(Topics.EVENTS.name())) {
            if (ticketId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                events.add(Topics.EVENTS.valueSerde().deserializer().deserialize(Topics.EVENTS.name(), record.value()));
            }
        }
        return events;
    }

    private static ConsumerRecord<byte[], byte[]> awaitRecord(String topic, String key) {
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        await().atMost(DEADLINE).until(() -> {
            readAll(topic).stream()
                    .filter(record -> key.equals(new String(record.key(), StandardCharsets.UTF_8)))
                    .findFirst()
                    .ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return ClusterProbe.readCommitted(
                cluster.bootstrapServers(), topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), DEADLINE);
    }

    /** Waits until routing-stream has committed everything written to its input topics. */
    private static void awaitCaughtUp() {
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            await().atMost(DEADLINE)
                    .until(() -> ClusterProbe.committedLag(
                                    admin,
                                    applicationId,
                                    List.of(
                                            Topics.INBOUND.name(),
                                            Topics.ROUTING_SENDER_GATE.name(),
                                            Topics.ROUTING_INTAKE.name(),
                                            Topics.COMMANDS.name(),
                                            Topics.SLA.name()))
                            == 0);
        }
    }

    private static WebTestClient http() {
        return WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port"))
                .build();
    }
}
