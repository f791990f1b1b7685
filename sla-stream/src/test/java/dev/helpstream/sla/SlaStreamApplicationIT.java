package dev.helpstream.sla;

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
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaScope;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * sla-stream as it runs: the application on a real broker, exactly-once v2, read back
 * read_committed. A one-minute calendar-time policy warning at 1% shows the wall-clock punctuator
 * firing a warning 0.6 s after the opening, without waiting for the breach.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class SlaStreamApplicationIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String DEPARTMENT = "sla-it-" + UUID.randomUUID();

    @TempDir
    static Path stateDirectory;

    private static KafkaCluster cluster;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        cluster = kafka;
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            new TopicProvisioner(admin, kafka.replicationFactor(), 0)
                    .provision(SlaStreamsRuntime.TOPICS, Duration.ofSeconds(60));
        }
        // Written before the start, so the global config store holds it before the first event.
        configure(
                ConfigEntityType.SLA_POLICY,
                "one-minute",
                SlaPolicy.newBuilder()
                        .setName("One minute")
                        .setOrder(1)
                        .setScope(SlaScope.newBuilder()
                                .setDepartmentIds(List.of(DEPARTMENT))
                                .build())
                        .setTargets(List.of(SlaTarget.newBuilder()
                                .setMetric(SlaMetric.FIRST_RESPONSE)
                                .setDurationMinutes(1)
                                .setBusinessTime(false)
                                .build()))
                        .setWarningPercent(1)
                        .build());
        app = SlaStreamApplication.builder()
                .run(
                        "--server.port=0",
                        "--helpstream.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--helpstream.topics.replication-factor=" + kafka.replicationFactor(),
                        "--helpstream.streams.application-id=sla-it-" + UUID.randomUUID(),
                        "--helpstream.streams.state-directory=" + stateDirectory,
                        "--helpstream.sla.punctuate-interval=100ms",
                        "--helpstream.sla.punctuate-grace=100ms");
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
    void shouldReportTheClusterAndTheRunningStreamsAsHealthy() {
        http().get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.kafka.status")
                .isEqualTo("UP")
                .jsonPath("$.components.streams.status")
                .isEqualTo("UP");
    }

    @Test
    void shouldSetTheTargetsOfANewTicketThenWarnByTheWallClock() throws Exception {
        String ticketId = UUID.randomUUID().toString();
        Instant openedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(
                Topics.EVENTS.name(),
                ticketId,
                Topics.EVENTS.valueSerde().serializer().serialize(Topics.EVENTS.name(), opened(ticketId, openedAt)),
                openedAt);

        List<SlaEvent> events = await().atMost(DEADLINE).until(() -> slaEventsOf(ticketId), found -> found.size() >= 2);

        assertThat(events)
                .extracting(SlaEvent::getKind)
                .containsExactly(SlaEventKind.TARGETS_SET, SlaEventKind.WARNING);
        Instant warnAt = openedAt.plusMillis(600);
        SlaEvent targets = events.get(0);
        assertThat(targets.getEventId()).isEqualTo(ticketId + ":1:sla:TARGETS_SET:FIRST_RESPONSE");
        assertThat(targets.getOccurredAt()).isEqualTo(openedAt);
        assertThat(targets.getDueAt()).isEqualTo(openedAt.plusSeconds(60));
        assertThat(targets.getWarnAt()).isEqualTo(warnAt);
        assertThat(targets.getNote())
                .isEqualTo("policy \"One minute\" (order 1): department " + DEPARTMENT + "; ticket opened");
        SlaEvent warning = events.get(1);
        assertThat(warning.getEventId()).isEqualTo(ticketId + ":sla:WARNING:FIRST_RESPONSE:" + warnAt.toEpochMilli());
        assertThat(warning.getOccurredAt()).isEqualTo(warnAt);
        assertThat(warning.getRemainingBusinessMillis()).isEqualTo(59_400);
        assertThat(warning.getDepartmentId()).isEqualTo(DEPARTMENT);
    }

    @Test
    void shouldDeadLetterAnUndecodableEventAndKeepRunning() throws Exception {
        String poisonKey = "poison-" + UUID.randomUUID();
        send(Topics.EVENTS.name(), poisonKey, "not avro".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<byte[], byte[]> dead = await().atMost(DEADLINE)
                .until(
                        () -> readAll(Topics.SLA_DLQ.name()).stream()
                                .filter(record -> hasKey(record, poisonKey))
                                .findFirst()
                                .orElse(null),
                        record -> record != null);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro");
        Map<String, String> headers = new HashMap<>();
        for (Header header : dead.headers()) {
            headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        assertThat(headers).containsEntry("__streams.errors.topic", Topics.EVENTS.name());

        String ticketId = UUID.randomUUID().toString();
        send(
                Topics.EVENTS.name(),
                ticketId,
                Topics.EVENTS
                        .valueSerde()
                        .serializer()
                        .serialize(Topics.EVENTS.name(), opened(ticketId, Instant.now())));
        await().atMost(DEADLINE).until(() -> !slaEventsOf(ticketId).isEmpty());
    }

    private static TicketEvent opened(String ticketId, Instant at) {
        return TicketEvent.newBuilder()
                .setEventId(ticketId + ":1")
                .setTicketId(ticketId)
                .setTicketNumber(10001)
                .setVersion(1)
                .setOccurredAt(at)
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
                        .setBody(new MessageBody("/var is at 100%", null, null))
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
        send(topic, key, value, Instant.now());
    }

    /** Sends with {@code timestamp} as record time, as routing writes an event at its occurredAt. */
    private static void send(String topic, String key, byte[] value, Instant timestamp) throws Exception {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic, null, timestamp.toEpochMilli(), key.getBytes(StandardCharsets.UTF_8), value))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static List<SlaEvent> slaEventsOf(String ticketId) {
        return readAll(Topics.SLA.name()).stream()
                .filter(record -> hasKey(record, ticketId))
                .map(record -> Topics.SLA.valueSerde().deserializer().deserialize(Topics.SLA.name(), record.value()))
                .toList();
    }

    private static boolean hasKey(ConsumerRecord<byte[], byte[]> record, String key) {
        return record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8));
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        return ClusterProbe.readCommitted(
                cluster.bootstrapServers(), topic, new ByteArrayDeserializer(), new ByteArrayDeserializer(), DEADLINE);
    }

    private static WebTestClient http() {
        String port = app.getEnvironment().getProperty("local.server.port");
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }
}
