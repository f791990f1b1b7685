package dev.helpstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.CommandOutcome;
import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.command.SetImportant;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The whole pipeline in one JVM, as the quick start runs it: HTTP API → ingest-service →
 * tickets.inbound.v1 → routing-stream → events, snapshots and command results on the real broker.
 */
class TicketPipelineIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);

    @TempDir
    static Path dataDirectory;

    private static ConfigurableApplicationContext launcher;
    private static String bootstrap;

    @BeforeAll
    static void start() {
        launcher = TestLauncher.start(dataDirectory);
        bootstrap = launcher.getBean(EmbeddedKafkaCluster.class).bootstrapServers();
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    @Test
    void shouldTurnAnApiRequestIntoOneTicketEvenWhenRetriedWithTheSameIdempotencyKey() {
        Map<String, Object> form = Map.of(
                "email", "carol@example.com",
                "name", "Carol",
                "subject", "Mail bounces since this morning",
                "body", "All mail to carol@example.com bounces with 550.",
                "website", "");
        Map<?, ?> first = post(form, "retry-42");
        Map<?, ?> second = post(form, "retry-42");

        assertThat(second).isEqualTo(first);
        String ticketId = (String) first.get("ticketId");
        TicketEvent opened = await().atMost(DEADLINE)
                .until(() -> values(Topics.EVENTS, ticketId), events -> !events.isEmpty())
                .get(0);
        TicketOpened payload = (TicketOpened) opened.getPayload();
        assertThat(payload.getSubject()).isEqualTo("Mail bounces since this morning");
        assertThat(payload.getCustomer().getEmail()).isEqualTo("carol@example.com");
        assertThat(payload.getChannel()).isEqualTo(Channel.WEB_FORM);

        awaitRoutingCaughtUp();
        assertThat(values(Topics.EVENTS, ticketId)).hasSize(1);
        List<Ticket> snapshots = values(Topics.STATE, ticketId);
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).getNumber()).isEqualTo(opened.getTicketNumber());
    }

    @Test
    void shouldAnswerACommandAndPublishTheNewSnapshot() throws Exception {
        String ticketId = (String) post(
                        Map.of(
                                "email", "dave@example.com",
                                "name", "Dave",
                                "subject", "Renew my certificate",
                                "body", "It expires on Friday.",
                                "website", ""),
                        "cert-1")
                .get("ticketId");
        await().atMost(DEADLINE).until(() -> values(Topics.STATE, ticketId), snapshots -> !snapshots.isEmpty());

        TicketCommand command = TicketCommand.newBuilder()
                .setCommandId("cmd-important-1")
                .setCorrelationId("corr-important-1")
                .setTicketId(ticketId)
                .setIssuedAt(Instant.now())
                .setActor(new Actor(ActorKind.ADMIN, "admin", "Admin", null))
                .setPayload(new SetImportant(true))
                .build();
        try (KafkaProducer<String, TicketCommand> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap),
                Topics.COMMANDS.keySerde().serializer(),
                Topics.COMMANDS.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS.name(), ticketId, command))
                    .get(30, TimeUnit.SECONDS);
        }

        CommandResult result = await().atMost(DEADLINE)
                .until(() -> values(Topics.COMMAND_RESULTS, "corr-important-1"), results -> !results.isEmpty())
                .get(0);
        assertThat(result.getOutcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(result.getNewVersion()).isEqualTo(2L);
        List<Ticket> snapshots =
                await().atMost(DEADLINE).until(() -> values(Topics.STATE, ticketId), all -> all.size() == 2);
        assertThat(snapshots.get(1).getImportant()).isTrue();
        assertThat(snapshots.get(1).getVersion()).isEqualTo(2);
    }

    @Test
    void shouldAcceptTheDemoIntegratorKeyAndApplyTheDemoOutageFilter() {
        // Both come from the demo configuration the gateway seeded before ingest and routing started.
        String ticketId = (String) post(
                        Map.of(
                                "email", "erin@example.com",
                                "name", "Erin",
                                "subject", "Website down since 9:00",
                                "body", "https://erin.example returns 502."),
                        "demo-key-1",
                        "hs_demo_integrator_key")
                .get("ticketId");

        TicketEvent opened = await().atMost(DEADLINE)
                .until(() -> values(Topics.EVENTS, ticketId), events -> !events.isEmpty())
                .get(0);
        TicketOpened payload = (TicketOpened) opened.getPayload();
        assertThat(payload.getChannel()).isEqualTo(Channel.API);
        assertThat(payload.getDepartmentId()).isEqualTo("support");
        assertThat(payload.getPriorityId()).isEqualTo("urgent");
        assertThat(payload.getCategoryId()).isEqualTo("outage");
        assertThat(payload.getTags()).containsExactly("outage");
    }

    private static Map<?, ?> post(Map<String, Object> form, String idempotencyKey) {
        return post(form, idempotencyKey, null);
    }

    private static Map<?, ?> post(Map<String, Object> form, String idempotencyKey, String apiKey) {
        String ingest = launcher.getBean(ServiceRunner.class).endpoints().stream()
                .filter(endpoint -> endpoint.startsWith("ingest-service "))
                .map(endpoint -> endpoint.substring("ingest-service ".length()))
                .findFirst()
                .orElseThrow();
        return WebTestClient.bindToServer()
                .baseUrl(ingest)
                .responseTimeout(Duration.ofSeconds(30))
                .build()
                .post()
                .uri("/api/v1/tickets")
                .contentType(MediaType.APPLICATION_JSON)
                .header("Idempotency-Key", idempotencyKey)
                .headers(headers -> {
                    if (apiKey != null) {
                        headers.setBearerAuth(apiKey);
                    }
                })
                .bodyValue(form)
                .exchange()
                .expectStatus()
                .isAccepted()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    /** Every committed value under {@code key}, read from the start of the topic. */
    private static <V> List<V> values(Topic<String, V> topic, String key) {
        return ClusterProbe.readCommitted(
                        bootstrap,
                        topic.name(),
                        topic.keySerde().deserializer(),
                        topic.valueSerde().deserializer(),
                        DEADLINE)
                .stream()
                .filter(record -> key.equals(record.key()))
                .map(ConsumerRecord::value)
                .toList();
    }

    /** Waits until routing-stream has committed everything written to its input topics. */
    private static void awaitRoutingCaughtUp() {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await().atMost(DEADLINE)
                    .until(() -> ClusterProbe.committedLag(
                                    admin,
                                    "helpstream-routing",
                                    List.of(Topics.INBOUND.name(), Topics.ROUTING_INTAKE.name()))
                            == 0);
        }
    }
}
