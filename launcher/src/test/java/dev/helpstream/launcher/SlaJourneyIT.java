package dev.helpstream.launcher;

import static dev.helpstream.launcher.GatewayCalls.get;
import static dev.helpstream.launcher.GatewayCalls.login;
import static dev.helpstream.launcher.GatewayCalls.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.launcher.SinkMail.Received;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.topic.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SLA end to end on the one-command start (real broker, every service, the demo mail sink, a real
 * HTTP server as the webhook receiver): an admin adds a one-minute first-response charter for
 * sales and an escalation webhook, a customer mails sales@, nobody answers. sla-stream warns at
 * half time and breaches at the minute; sales' agents get both emails, the webhook gets both
 * escalations signed with its secret, and the staff "late" view lists the ticket as breached.
 *
 * <p>The charter's minute is real time (targets are in minutes and the clocks run on record
 * time), so this journey takes a little over a minute.
 */
class SlaJourneyIT {

    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final String SECRET = "sla-journey-secret-of-the-webhook";

    @TempDir
    static Path dataDirectory;

    private static final Map<String, String> SETTINGS = new LinkedHashMap<>();
    private static final List<Hook> hooks = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static ConfigurableApplicationContext launcher;
    private static String bootstrap;
    private static String gateway;
    private static int smtpPort;
    private static int imapPort;

    record Hook(String eventType, String timestamp, String signature, String body) {}

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/escalations", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            hooks.add(new Hook(
                    exchange.getRequestHeaders().getFirst("X-Helpstream-Event-Type"),
                    exchange.getRequestHeaders().getFirst("X-Helpstream-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Helpstream-Signature"),
                    new String(body, StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        // The launcher's services read these from the JVM's properties, like any environment setting.
        SETTINGS.put("helpstream.admin.allow-loopback-webhooks", "true");
        SETTINGS.put("helpstream.delivery.allow-loopback-webhooks", "true");
        SETTINGS.put("helpstream.delivery.webhook-secrets.escalations", SECRET);
        // Nothing here is late in the pipeline: the wall clock fires deadlines without the default 5 s grace.
        SETTINGS.put("helpstream.sla.punctuate-grace", "100ms");
        SETTINGS.forEach(System::setProperty);
        smtpPort = freePort();
        imapPort = freePort();
        launcher = TestLauncher.start(
                dataDirectory,
                Map.of(
                        "helpstream.mail.smtp-port", String.valueOf(smtpPort),
                        "helpstream.mail.sink.smtp-port", String.valueOf(freePort()),
                        "helpstream.mail.sink.imap-port", String.valueOf(imapPort)));
        bootstrap = launcher.getBean(EmbeddedKafkaCluster.class).bootstrapServers();
        gateway = TestLauncher.endpoint(launcher, "api-gateway");
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
        SETTINGS.keySet().forEach(System::clearProperty);
    }

    @Test
    void shouldWarnThenBreachAndTellTheAgentsTheWebhookAndTheLateView() throws Exception {
        String admin = login(gateway, "admin");
        post(
                gateway,
                admin,
                "/api/v1/admin/webhooks",
                Map.of(
                        "id",
                        "escalations",
                        "name",
                        "Escalations",
                        "url",
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/escalations",
                        "kind",
                        "GENERIC_JSON",
                        "secretRef",
                        "escalations",
                        "eventTypes",
                        List.of("ticket.escalated"),
                        "departmentIds",
                        List.of(),
                        "enabled",
                        true));
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("departmentIds", List.of("sales"));
        scope.put("typeIds", List.of());
        scope.put("minimumPriorityId", null);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("metric", "FIRST_RESPONSE");
        target.put("durationMinutes", 1);
        target.put("businessTime", false);
        target.put("statusId", null);
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("id", "sales-minute");
        policy.put("name", "Sales answer within a minute");
        policy.put("order", 0);
        policy.put("enabled", true);
        policy.put("scope", scope);
        policy.put("targets", List.of(target));
        policy.put("warningPercent", 50);
        policy.put("calendarId", null);
        policy.put("pauseOnStatusIds", List.of());
        post(gateway, admin, "/api/v1/admin/sla-policies", policy);

        SinkMail.send(
                SinkMail.mail("vic@example.com", "Vic", "sales@helpdesk.test", "Quote", "A quote for 20 servers?"),
                smtpPort);

        JsonNode ticket = await().atMost(DEADLINE)
                .until(
                        () -> get(gateway, admin, "/api/v1/staff/customers/vic@example.com/tickets")
                                .get("items"),
                        items -> items.size() == 1)
                .get(0);
        String ticketId = ticket.get("ticketId").asString();
        String tag = "[#" + ticket.get("number").asLong() + "]";

        List<SlaEvent> sla = await().atMost(DEADLINE)
                .until(
                        () -> slaEvents(ticketId),
                        events -> events.stream().anyMatch(event -> event.getKind() == SlaEventKind.BREACH));
        assertThat(sla)
                .extracting(SlaEvent::getKind, SlaEvent::getMetric, SlaEvent::getPolicyId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                SlaEventKind.TARGETS_SET, SlaMetric.FIRST_RESPONSE, "sales-minute"),
                        org.assertj.core.groups.Tuple.tuple(
                                SlaEventKind.WARNING, SlaMetric.FIRST_RESPONSE, "sales-minute"),
                        org.assertj.core.groups.Tuple.tuple(
                                SlaEventKind.BREACH, SlaMetric.FIRST_RESPONSE, "sales-minute"));
        SlaEvent targets = sla.get(0);
        assertThat(targets.getDueAt()).isEqualTo(targets.getOccurredAt().plus(Duration.ofMinutes(1)));
        assertThat(targets.getWarnAt()).isEqualTo(targets.getOccurredAt().plus(Duration.ofSeconds(30)));
        assertThat(sla.get(1).getOccurredAt()).isEqualTo(targets.getWarnAt());
        assertThat(sla.get(2).getOccurredAt()).isEqualTo(targets.getDueAt());

        // Sales' agents, Bea and Carl, each get the warning and the breach.
        for (String agent : List.of("bea@helpdesk.test", "carl@helpdesk.test")) {
            List<Received> mails =
                    await().atMost(DEADLINE).until(() -> slaMails(agent, tag), found -> found.size() == 2);
            assertThat(mails).as(agent).extracting(Received::subject).allMatch(subject -> subject.contains(tag));
            assertThat(mails.get(0).subject()).as(agent).containsIgnoringCase("warning");
            assertThat(mails.get(1).subject()).as(agent).containsIgnoringCase("breach");
        }

        // The webhook gets both escalations, each signed over its timestamp and body.
        await().atMost(DEADLINE).until(() -> hooks.size() == 2);
        for (Hook hook : hooks) {
            assertThat(hook.eventType()).isEqualTo("ticket.escalated");
            assertThat(hook.signature()).isEqualTo("v1=" + hmac(hook.timestamp() + "." + hook.body()));
        }
        assertThat(hooks)
                .extracting(hook -> JsonMapper.shared()
                        .readTree(hook.body())
                        .at("/sla/kind")
                        .asString())
                .containsExactly("warning", "breach");

        // The late view lists the ticket, breached on its first response.
        JsonNode late = await().atMost(DEADLINE)
                .until(() -> get(gateway, admin, "/api/v1/staff/views/late").get("items"), items -> items.size() == 1);
        assertThat(late.get(0).get("ticketId").asString()).isEqualTo(ticketId);
        JsonNode detail =
                get(gateway, admin, "/api/v1/staff/tickets/" + ticketId).get("sla");
        assertThat(detail.get("targets").get(0).get("metric").asString()).isEqualTo("FIRST_RESPONSE");
        assertThat(detail.get("targets").get(0).get("state").asString()).isEqualTo("breached");
        assertThat(detail.get("targets").get(0).get("remainingBusinessMillis").asLong())
                .isNegative();
    }

    private static List<SlaEvent> slaEvents(String ticketId) {
        return ClusterProbe.readCommitted(
                        bootstrap,
                        Topics.SLA.name(),
                        Topics.SLA.keySerde().deserializer(),
                        Topics.SLA.valueSerde().deserializer(),
                        DEADLINE)
                .stream()
                .filter(record -> record.key().equals(ticketId))
                .map(ConsumerRecord::value)
                .toList();
    }

    /** The SLA mails about the ticket in the agent's inbox (not the new-ticket notice). */
    private static List<Received> slaMails(String agent, String tag) throws Exception {
        return SinkMail.inbox(imapPort, agent).stream()
                .filter(mail -> mail.subject().contains(tag) && mail.subject().contains("SLA"))
                .toList();
    }

    private static String hmac(String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
