package dev.helpstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.helpstream.kafka.embedded.ClusterProbe;
import dev.helpstream.kafka.embedded.EmbeddedKafkaCluster;
import dev.helpstream.launcher.SinkMail.Received;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.SuppressionRecorded;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.topic.Topics;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Email end to end on the one-command start (real broker, every service, the demo mail sink as the
 * customers' mail server): a customer mails the support address, gets the acknowledgement, an agent
 * replies through the API, the reply arrives in the customer's mailbox (read over IMAP) tagged,
 * threaded and signed, and the customer's answer to it lands on the same ticket. An auto-responder
 * gets no automatic reply, and the same message delivered twice makes one ticket.
 */
class MailJourneyIT {

    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String SUPPORT = "support@helpdesk.test";

    @TempDir
    static Path dataDirectory;

    private static ConfigurableApplicationContext launcher;
    private static String bootstrap;
    private static String gateway;
    private static int smtpPort;
    private static int imapPort;
    private static int sinkSmtpPort;
    /** ingest-service polls billing@'s mailbox on the demo mail sink (IMAP). */
    private static final Map<String, String> MAILBOX = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        smtpPort = freePort();
        sinkSmtpPort = freePort();
        imapPort = freePort();
        String mailbox = "helpstream.ingest.mail.mailboxes[0].";
        MAILBOX.put(mailbox + "protocol", "imap");
        MAILBOX.put(mailbox + "host", "127.0.0.1");
        MAILBOX.put(mailbox + "port", String.valueOf(imapPort));
        MAILBOX.put(mailbox + "username", "billing@helpdesk.test");
        MAILBOX.put(mailbox + "password", "any");
        MAILBOX.put(mailbox + "support-address", "billing@helpdesk.test");
        MAILBOX.put(mailbox + "poll-interval", "200ms");
        MAILBOX.put(mailbox + "timeout", "5s");
        // The launcher passes no mailbox settings of its own; ingest reads them from the JVM's.
        MAILBOX.forEach(System::setProperty);
        launcher = TestLauncher.start(
                dataDirectory,
                Map.of(
                        "helpstream.mail.smtp-port", String.valueOf(smtpPort),
                        "helpstream.mail.sink.smtp-port", String.valueOf(sinkSmtpPort),
                        "helpstream.mail.sink.imap-port", String.valueOf(imapPort)));
        bootstrap = launcher.getBean(EmbeddedKafkaCluster.class).bootstrapServers();
        gateway = TestLauncher.endpoint(launcher, "api-gateway");
    }

    @AfterAll
    static void stop() {
        if (launcher != null) {
            launcher.close();
        }
        MAILBOX.keySet().forEach(System::clearProperty);
    }

    @Test
    void shouldMakeOneTicketOfAMailFetchedTwiceFromAPolledMailbox() throws Exception {
        for (int i = 0; i < 2; i++) {
            MimeMessage copy = mail("uma@example.com", "Uma", "Refund", "Please refund invoice 42.");
            copy.setRecipients(Message.RecipientType.TO, "billing@helpdesk.test");
            copy.setHeader("Message-ID", "<uma-1@example.com>");
            send(copy, sinkSmtpPort);
        }

        String admin = login("admin");
        JsonNode ticket =
                await().atMost(DEADLINE).until(() -> onlyTicketOf(admin, "uma@example.com"), found -> found != null);
        // Both copies were fetched and written under the one Message-ID; routing took the first.
        await().atMost(DEADLINE)
                .until(() -> ClusterProbe.readCommitted(
                                        bootstrap,
                                        Topics.INBOUND.name(),
                                        Topics.INBOUND.keySerde().deserializer(),
                                        Topics.INBOUND.valueSerde().deserializer(),
                                        DEADLINE)
                                .stream()
                                .filter(record -> record.key().equals("uma-1@example.com"))
                                .count()
                        == 2);
        awaitCaughtUp("helpstream-routing", Topics.INBOUND.name());

        List<TicketEvent> events = events(ticket.get("ticketId").asString());
        assertThat(events)
                .extracting(event -> event.getPayload().getClass().getSimpleName())
                .containsExactly("TicketOpened");
        TicketOpened opened = (TicketOpened) events.get(0).getPayload();
        assertThat(opened.getDepartmentId()).isEqualTo("billing");
        assertThat(opened.getSupportAddress()).isEqualTo("billing@helpdesk.test");
    }

    @Test
    void shouldThreadACustomersMailThroughTheAgentsReplyAndTheCustomersAnswer() throws Exception {
        MimeMessage first =
                mail("nora@example.com", "Nora Quinn", "Website down", "Our shop returns a 502 since 9:00.");
        first.setHeader("Message-ID", "<nora-1@example.com>");
        send(first);

        String ana = login("ana");
        JsonNode ticket =
                await().atMost(DEADLINE).until(() -> onlyTicketOf(ana, "nora@example.com"), found -> found != null);
        String ticketId = ticket.get("ticketId").asString();
        long number = ticket.get("number").asLong();
        String tag = "[#" + number + "]";

        List<Received> acknowledgement =
                await().atMost(DEADLINE).until(() -> inbox("nora@example.com"), list -> list.size() == 1);
        Received ack = acknowledgement.get(0);
        assertThat(ack.subject()).contains(tag).contains("Website down");
        assertThat(ack.inReplyTo()).isEqualTo("<nora-1@example.com>");
        assertThat(ack.header("Auto-Submitted")).isEqualTo("auto-replied");

        post(
                ana,
                "/api/v1/staff/tickets/" + ticketId + "/replies",
                Map.of("text", "We restarted the proxy; please check again."));

        List<Received> afterReply =
                await().atMost(DEADLINE).until(() -> inbox("nora@example.com"), list -> list.size() == 2);
        Received reply = afterReply.stream()
                .filter(received -> received.text().contains("We restarted the proxy"))
                .findFirst()
                .orElseThrow();
        assertThat(reply.subject()).contains(tag);
        assertThat(reply.fromName()).isEqualTo("Ana Agent");
        assertThat(reply.messageId()).startsWith("<t." + ticketId + ".").endsWith("@helpstream.local>");
        assertThat(reply.references()).contains("<nora-1@example.com>");
        assertThat(reply.text()).contains("--\nTechnical support, Helpstream demo");
        assertThat(reply.header("Auto-Submitted")).isNull();

        MimeMessage answer = mail(
                "nora@example.com",
                "Nora Quinn",
                "Re: " + reply.subject(),
                "It works again, thanks!\n\n> We restarted the proxy; please check again.\n");
        answer.setHeader("Message-ID", "<nora-2@example.com>");
        answer.setHeader("In-Reply-To", reply.messageId());
        answer.setHeader("References", "<nora-1@example.com> " + reply.messageId());
        send(answer);

        List<String> conversation =
                await().atMost(DEADLINE).until(() -> texts(ana, ticketId), texts -> texts.size() == 3);
        assertThat(conversation.get(0)).contains("502");
        assertThat(conversation.get(1)).contains("We restarted the proxy");
        assertThat(conversation.get(2)).isEqualTo("It works again, thanks!");
        assertThat(onlyTicketOf(ana, "nora@example.com").get("ticketId").asString())
                .isEqualTo(ticketId);
    }

    @Test
    void shouldOpenATicketForAnAutoResponderButSendItNothing() throws Exception {
        MimeMessage auto = mail("away@example.com", "Away", "Out of office", "I am away until Monday.");
        auto.setHeader("Message-ID", "<away-1@example.com>");
        auto.setHeader("Auto-Submitted", "auto-replied");
        send(auto);

        String ana = login("ana");
        JsonNode ticket =
                await().atMost(DEADLINE).until(() -> onlyTicketOf(ana, "away@example.com"), found -> found != null);
        String ticketId = ticket.get("ticketId").asString();
        String tag = "[#" + ticket.get("number").asLong() + "]";

        // The department's agents are told in the same transaction that decides the customer's
        // acknowledgement, and their mail leaves after any earlier mail of the ticket: once it has
        // arrived, an acknowledgement would have too.
        await().atMost(DEADLINE)
                .until(
                        () -> inbox("ana@helpdesk.test"),
                        mails -> mails.stream().anyMatch(mail -> mail.subject().contains(tag)));
        assertThat(inbox("away@example.com")).isEmpty();
        assertThat(ClusterProbe.readCommitted(
                                bootstrap,
                                Topics.EMAIL_DELIVERIES.name(),
                                Topics.EMAIL_DELIVERIES.keySerde().deserializer(),
                                Topics.EMAIL_DELIVERIES.valueSerde().deserializer(),
                                DEADLINE)
                        .stream()
                        .filter(record -> record.key().equals(ticketId))
                        .map(record -> record.value().getKind())
                        .toList())
                .containsExactly("AGENT_NEW_TICKET");
        List<TicketEvent> events = events(ticketId);
        assertThat(events)
                .extracting(event -> event.getPayload().getClass().getSimpleName())
                .containsExactly("TicketOpened", "SuppressionRecorded");
        assertThat(((TicketOpened) events.get(0).getPayload()).getAutoReplyAllowed())
                .isFalse();
        assertThat(((SuppressionRecorded) events.get(1).getPayload())
                        .getReason()
                        .name())
                .isEqualTo("AUTO_SUBMITTED");
    }

    @Test
    void shouldMakeOneTicketOfTheSameMessageDeliveredTwice() throws Exception {
        for (int i = 0; i < 2; i++) {
            MimeMessage twice = mail("tom@example.com", "Tom", "Invoice copy", "Please send me the May invoice.");
            twice.setHeader("Message-ID", "<tom-1@example.com>");
            send(twice);
        }

        String ana = login("ana");
        JsonNode ticket =
                await().atMost(DEADLINE).until(() -> onlyTicketOf(ana, "tom@example.com"), found -> found != null);
        awaitCaughtUp("helpstream-routing", Topics.INBOUND.name());

        assertThat(events(ticket.get("ticketId").asString()))
                .extracting(event -> event.getPayload().getClass().getSimpleName())
                .containsExactly("TicketOpened");
        assertThat(ClusterProbe.readCommitted(
                                bootstrap,
                                Topics.INBOUND.name(),
                                Topics.INBOUND.keySerde().deserializer(),
                                Topics.INBOUND.valueSerde().deserializer(),
                                DEADLINE)
                        .stream()
                        .filter(record -> record.key().equals("tom-1@example.com"))
                        .count())
                .isEqualTo(2);
        // The agents' mail about the ticket leaves after its acknowledgement (same ticket, same
        // order): once it is there, every acknowledgement there will ever be has arrived.
        String tag = "[#" + ticket.get("number").asLong() + "]";
        await().atMost(DEADLINE)
                .until(
                        () -> inbox("ana@helpdesk.test"),
                        mails -> mails.stream().anyMatch(mail -> mail.subject().contains(tag)));
        assertThat(inbox("tom@example.com")).extracting(Received::subject).containsExactly(tag + " Invoice copy");
    }

    private static MimeMessage mail(String from, String name, String subject, String text)
            throws MessagingException, IOException {
        return SinkMail.mail(from, name, SUPPORT, subject, text);
    }

    private static void send(MimeMessage message) throws MessagingException {
        SinkMail.send(message, smtpPort);
    }

    private static void send(MimeMessage message, int port) throws MessagingException {
        SinkMail.send(message, port);
    }

    private static List<Received> inbox(String address) throws Exception {
        return SinkMail.inbox(imapPort, address);
    }

    private static List<TicketEvent> events(String ticketId) {
        return ClusterProbe.readCommitted(
                        bootstrap,
                        Topics.EVENTS.name(),
                        Topics.EVENTS.keySerde().deserializer(),
                        Topics.EVENTS.valueSerde().deserializer(),
                        DEADLINE)
                .stream()
                .filter(record -> record.key().equals(ticketId))
                .map(ConsumerRecord::value)
                .toList();
    }

    private static void awaitCaughtUp(String group, String topic) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            await().atMost(DEADLINE).until(() -> ClusterProbe.committedLag(admin, group, List.of(topic)) == 0);
        }
    }

    private static JsonNode onlyTicketOf(String token, String email) {
        JsonNode items =
                get(token, "/api/v1/staff/customers/" + email + "/tickets").get("items");
        if (items.size() == 0) {
            return null;
        }
        assertThat(items.size()).as("tickets of " + email).isEqualTo(1);
        return items.get(0);
    }

    private static List<String> texts(String token, String ticketId) {
        List<String> texts = new ArrayList<>();
        // Staff see the ticket's events as they are: the messages are the opening and each MessageAdded.
        get(token, "/api/v1/staff/tickets/" + ticketId).get("conversation").forEach(event -> {
            JsonNode payload = event.get("payload");
            String type = payload.get("type").asString();
            if (type.equals("TicketOpened") || type.equals("MessageAdded")) {
                texts.add(payload.get("body").get("text").asString());
            }
        });
        return texts;
    }

    private static String login(String username) {
        return GatewayCalls.login(gateway, username);
    }

    private static JsonNode get(String token, String path) {
        return GatewayCalls.get(gateway, token, path);
    }

    private static JsonNode post(String token, String path, Object body) {
        return GatewayCalls.post(gateway, token, path, body);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
