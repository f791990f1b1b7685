package dev.helpstream.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.Webhook;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.TopicProvisioner;
import dev.helpstream.schema.topic.Topics;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SLA breach end to end through the whole notifier (planner and deliverers) on a real broker:
 * the {@code tickets.sla.v1} record reaches the department agent's mailbox on a real SMTP server
 * (GreenMail) and a real HTTP endpoint that checks the webhook's signature itself.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class SlaEscalationIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SECRET = "whsec-sla-81d3";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String DEPARTMENT = "sla-it-" + RUN;
    private static final String AGENT_EMAIL = "oncall-" + RUN + "@acme.example";
    private static final String CUSTOMER_EMAIL = "ops-" + RUN + "@customer.example";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dataDirectory;

    private static final GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    private static final List<Call> calls = new CopyOnWriteArrayList<>();
    private static HttpServer endpoint;
    private static KafkaCluster cluster;
    private static ConfigurableApplicationContext app;

    /** One request the endpoint received, and whether its signature was right. */
    record Call(Map<String, String> headers, String body, boolean signatureValid) {}

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        cluster = kafka;
        smtp.start();
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.createContext("/", SlaEscalationIT::receive);
        endpoint.start();
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
                ConfigEntityType.AGENT,
                "oncall-" + RUN,
                Agent.newBuilder()
                        .setUsername("oncall-" + RUN)
                        .setDisplayName("On Call")
                        .setEmail(AGENT_EMAIL)
                        .setDepartmentIds(List.of(DEPARTMENT))
                        .build());
        configure(
                ConfigEntityType.BUSINESS_CALENDAR,
                "paris-" + RUN,
                BusinessCalendar.newBuilder()
                        .setName("Paris")
                        .setTimeZoneId("Europe/Paris")
                        .build());
        configure(
                ConfigEntityType.SLA_POLICY,
                "gold-" + RUN,
                SlaPolicy.newBuilder()
                        .setName("Gold")
                        .setOrder(1)
                        .setCalendarId("paris-" + RUN)
                        .build());
        configure(
                ConfigEntityType.WEBHOOK,
                "pager-" + RUN,
                Webhook.newBuilder()
                        .setName("Pager")
                        .setUrl("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/escalations")
                        .setSecretRef("pager")
                        .setEventTypes(List.of("ticket.escalated"))
                        .setDepartmentIds(List.of(DEPARTMENT))
                        .build());
        app = NotifierServiceApplication.builder()
                .run(
                        "--server.port=0",
                        "--helpstream.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                        "--helpstream.topics.replication-factor=" + kafka.replicationFactor(),
                        "--helpstream.streams.application-id=notifier-sla-it-" + RUN,
                        "--helpstream.streams.state-directory=" + dataDirectory.resolve("streams"),
                        "--helpstream.delivery.blobs-directory=" + dataDirectory.resolve("blobs"),
                        "--helpstream.delivery.email.group-id=email-sla-it-" + RUN,
                        "--helpstream.delivery.webhook.group-id=webhook-sla-it-" + RUN,
                        "--helpstream.delivery.smtp.host=127.0.0.1",
                        "--helpstream.delivery.smtp.port=" + smtp.getSmtp().getPort(),
                        "--helpstream.delivery.allow-loopback-webhooks=true",
                        "--helpstream.delivery.webhook-secrets.pager=" + SECRET,
                        // Earlier tests' deliveries on the shared broker go to endpoints long gone:
                        // give up on them quickly.
                        "--helpstream.delivery.retry.max-attempts=2",
                        "--helpstream.delivery.retry.initial-interval=50ms",
                        "--helpstream.delivery.webhook.connect-timeout=1s",
                        "--helpstream.delivery.webhook.request-timeout=3s",
                        "--helpstream.delivery.smtp.connect-timeout=1s",
                        "--helpstream.delivery.smtp.timeout=3s");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (endpoint != null) {
            endpoint.stop(0);
        }
        smtp.stop();
    }

    @Test
    void shouldMailTheDepartmentsAgentAndCallTheWebhookWhenATicketBreaches() throws Exception {
        String ticketId = UUID.randomUUID().toString();
        Instant openedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        send(Topics.EVENTS, ticketId, opened(ticketId, openedAt));
        // The breach follows once the planner knows the ticket: its acknowledgement reached the customer.
        await().atMost(DEADLINE).until(() -> !mailTo(CUSTOMER_EMAIL).isEmpty());

        Instant dueAt = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        SlaEvent breach = SlaEvent.newBuilder()
                .setEventId("sla-" + ticketId + "-breach-first_response")
                .setTicketId(ticketId)
                .setTicketNumber(10001)
                .setOccurredAt(dueAt)
                .setKind(SlaEventKind.BREACH)
                .setMetric(SlaMetric.FIRST_RESPONSE)
                .setPolicyId("gold-" + RUN)
                .setPolicyRevision(1L)
                .setDueAt(dueAt)
                .setWarnAt(dueAt.minus(Duration.ofMinutes(48)))
                .setRemainingBusinessMillis(0L)
                .setDepartmentId(DEPARTMENT)
                .build();
        send(Topics.SLA, ticketId, breach);

        MimeMessage mail = await().atMost(DEADLINE)
                .until(() -> mailTo(AGENT_EMAIL), received -> !received.isEmpty())
                .get(0);
        String due = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(dueAt.atZone(ZoneId.of("Europe/Paris")));
        assertThat(mail.getSubject())
                .isEqualTo(
                        "[#10001] SLA breach: first response was due " + due + " (Europe/Paris) — Disk full on web-3");
        assertThat(mail.getFrom()).containsExactly(new InternetAddress("support@helpstream.local", "Helpdesk"));
        assertThat(mail.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
        Call call = await().atMost(DEADLINE)
                .until(
                        () -> calls.stream()
                                .filter(each -> breach.getEventId()
                                        .equals(each.headers().get("x-helpstream-event-id")))
                                .findFirst()
                                .orElse(null),
                        found -> found != null);
        assertThat(call.signatureValid()).isTrue();
        assertThat(call.headers())
                .containsEntry("x-helpstream-event-type", "ticket.escalated")
                .containsEntry("x-helpstream-delivery-id", breach.getEventId() + ":pager-" + RUN);
        JsonNode body = JSON.readTree(call.body());
        assertThat(body.path("event_type").asString()).isEqualTo("ticket.escalated");
        assertThat(body.path("ticket_id").asString()).isEqualTo(ticketId);
        assertThat(body.path("sla").path("kind").asString()).isEqualTo("breach");
        assertThat(body.path("sla").path("metric").asString()).isEqualTo("first_response");
        assertThat(body.path("sla").path("policy_name").asString()).isEqualTo("Gold");
        assertThat(body.path("sla").path("due_at").asString()).isEqualTo(dueAt.toString());
    }

    private static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(message -> {
                    try {
                        return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
                                .anyMatch(to -> to.toString().contains(address));
                    } catch (Exception e) {
                        return false;
                    }
                })
                .toList();
    }

    private static TicketEvent opened(String ticketId, Instant at) {
        return TicketEvent.newBuilder()
                .setEventId("ev-" + ticketId + "-v1")
                .setTicketId(ticketId)
                .setTicketNumber(10001)
                .setVersion(1)
                .setOccurredAt(at)
                .setActor(new Actor(ActorKind.CUSTOMER, CUSTOMER_EMAIL, "Ops", null))
                .setPayload(TicketOpened.newBuilder()
                        .setSubject("Disk full on web-3")
                        .setCustomer(new Contact(CUSTOMER_EMAIL, "Ops", null))
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
        send(
                Topics.CONFIG,
                type.name() + ":" + id,
                ConfigEntity.newBuilder()
                        .setEntityType(type)
                        .setId(id)
                        .setRevision(1)
                        .setUpdatedAt(Instant.now())
                        .setUpdatedBy(new Actor(ActorKind.ADMIN, "admin", null, null))
                        .setPayload(payload)
                        .build());
    }

    private static <V> void send(Topic<String, V> topic, String key, V value) throws Exception {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            topic.name(),
                            key.getBytes(StandardCharsets.UTF_8),
                            topic.valueSerde().serializer().serialize(topic.name(), value)))
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** The integrator's endpoint: records each call with whether its HMAC checks out, answers 200. */
    private static void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), values.get(0)));
        calls.add(new Call(headers, new String(body, StandardCharsets.UTF_8), verify(headers, body)));
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    /** Recomputes the HMAC over timestamp + "." + body, as an integrator would. */
    private static boolean verify(Map<String, String> headers, byte[] body) {
        String timestamp = headers.get("x-helpstream-timestamp");
        String signature = headers.get("x-helpstream-signature");
        if (timestamp == null || signature == null || !signature.startsWith("v1=")) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(mac.doFinal(body), HexFormat.of().parseHex(signature.substring(3)));
        } catch (Exception e) {
            return false;
        }
    }
}
