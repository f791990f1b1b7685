package dev.helpstream.ingest.mail;

import static dev.helpstream.ingest.mail.MailTestSupport.BILLING;
import static dev.helpstream.ingest.mail.MailTestSupport.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.helpstream.ingest.IngestTestSupport;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.support.content.BlobStore;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The SMTP listener on a free port, with the real broker; mail sent by Jakarta Mail's SMTP client. */
@ExtendWith(EmbeddedKafkaExtension.class)
class SmtpListenerIT {

    private static final long MAX_EMAIL_BYTES = 64 * 1024;

    @TempDir
    static Path blobs;

    private static KafkaCluster cluster;
    private static ConfigurableApplicationContext app;
    private static SmtpListener listener;
    private static Session session;
    private IngestTestSupport.InboundTopic inbound;

    @BeforeAll
    static void start(KafkaCluster kafka) throws Exception {
        cluster = kafka;
        IngestTestSupport.provisionTopics(kafka);
        IngestTestSupport.writeConfig(kafka, MailTestSupport.supportAddress(SUPPORT, "support"));
        IngestTestSupport.writeConfig(kafka, MailTestSupport.supportAddress(BILLING, "billing"));
        IngestTestSupport.writeConfig(kafka, MailTestSupport.settings(MAX_EMAIL_BYTES));
        app = IngestTestSupport.start(
                kafka,
                blobs,
                "--helpstream.ingest.mail.smtp.enabled=true",
                "--helpstream.ingest.mail.smtp.host=127.0.0.1",
                "--helpstream.ingest.mail.smtp.port=0");
        listener = app.getBean(SmtpListener.class);
        session = MailTestSupport.session(listener.port());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        // The cluster is shared with the other test classes, which expect the default settings.
        IngestTestSupport.deleteConfig(cluster, ConfigEntityType.HELPDESK_SETTINGS, ConfigKeys.SETTINGS_ID);
    }

    @BeforeEach
    void openInbound() {
        inbound = new IngestTestSupport.InboundTopic(cluster);
    }

    @AfterEach
    void closeInbound() {
        inbound.close();
    }

    @Test
    void shouldWriteOneInboundMessageForAMailToTwoSupportAddresses() throws Exception {
        String messageId = UUID.randomUUID() + "@mail.example.org";
        String subject = "Two departments " + UUID.randomUUID();
        MimeMessage mail = MailTestSupport.message(
                session, messageId, "Alice Example <alice@example.org>", SUPPORT, subject, "My server is down.");
        mail.setRecipients(Message.RecipientType.CC, BILLING);

        send(mail, SUPPORT, BILLING);

        List<InboundMessage> written = inbound.awaitKey(messageId, 1);
        assertThat(inbound.withSubjectAfterDraining(subject)).hasSize(1);
        InboundMessage message = written.get(0);
        assertThat(message.getMessageId()).isEqualTo(messageId);
        assertThat(message.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(message.getFrom()).isEqualTo(contact("alice@example.org", "Alice Example"));
        assertThat(message.getTo()).containsExactly(contact(SUPPORT, null));
        assertThat(message.getCc()).containsExactly(contact(BILLING, null));
        assertThat(message.getRecipientAddress()).isEqualTo(SUPPORT);
        assertThat(message.getSubject()).isEqualTo(subject);
        assertThat(message.getBody().getText()).isEqualTo("My server is down.");
        assertThat(message.getBody().getHtml()).isNull();
        assertThat(message.getAttachments()).isEmpty();
        assertThat(message.getAutomation())
                .isEqualTo(AutomationIndicators.newBuilder().build());
        assertThat(message.getClientIp()).isEqualTo("127.0.0.1");
        assertThat(message.getHeaders())
                .containsEntry(MimeParser.SOURCE_HEADER, "smtp")
                .containsEntry(MimeParser.RECIPIENTS_HEADER, SUPPORT + ", " + BILLING);
        assertThat(app.getBean(BlobStore.class).find(message.getRawMimeRef())).isPresent();
        MailTestSupport.awaitNoStagingFiles(blobs);
    }

    @Test
    void shouldAcceptASupportAddressInAnyCase() throws Exception {
        String messageId = UUID.randomUUID() + "@mail.example.org";
        MimeMessage mail = MailTestSupport.message(
                session, messageId, "bob@example.net", "Support@HelpDesk.Example.com", "Case " + messageId, "Hi");

        send(mail, "Support@HelpDesk.Example.com");

        assertThat(inbound.awaitKey(messageId, 1).get(0).getRecipientAddress()).isEqualTo(SUPPORT);
    }

    @Test
    void shouldRefuseAnAddressThatIsNoSupportAddressWith550() throws Exception {
        String subject = "Nobody " + UUID.randomUUID();
        MimeMessage mail = MailTestSupport.message(
                session, UUID.randomUUID() + "@mail.example.org", "bob@example.net", "x@y.org", subject, "Hi");

        SendFailedException refused =
                catchThrowableOfType(SendFailedException.class, () -> send(mail, "nobody@helpdesk.example.com"));

        SMTPAddressFailedException rcpt = (SMTPAddressFailedException) refused.getNextException();
        assertThat(rcpt.getReturnCode()).isEqualTo(550);
        assertThat(rcpt.getMessage())
                .contains("5.1.1 <nobody@helpdesk.example.com>: not a support address of this helpdesk");
        assertThat(inbound.withSubjectAfterDraining(subject)).isEmpty();
    }

    @Test
    void shouldRefuseAMailOverTheSizeLimitWith552AndKeepNothing() throws Exception {
        String subject = "Too large " + UUID.randomUUID();
        MimeMessage mail = MailTestSupport.message(
                session,
                UUID.randomUUID() + "@mail.example.org",
                "bob@example.net",
                SUPPORT,
                subject,
                "x".repeat((int) MAX_EMAIL_BYTES + 1));

        SMTPSendFailedException refused =
                catchThrowableOfType(SMTPSendFailedException.class, () -> send(mail, SUPPORT));

        assertThat(refused.getReturnCode()).isEqualTo(552);
        assertThat(refused.getMessage()).contains("5.3.4 Message size exceeds the maximum of 65536 bytes");
        assertThat(inbound.withSubjectAfterDraining(subject)).isEmpty();
        MailTestSupport.awaitNoStagingFiles(blobs);
    }

    @Test
    void shouldAdvertiseTheSizeLimitAndRefuseADeclaredLargerSizeAtMailFrom() throws Exception {
        try (SmtpSession smtp = new SmtpSession()) {
            assertThat(smtp.say("EHLO client.example.org"))
                    .containsExactly(
                            "250-helpstream",
                            "250-8BITMIME",
                            "250-SIZE " + MAX_EMAIL_BYTES,
                            "250-CHUNKING",
                            "250-SMTPUTF8",
                            "250 Ok");
            assertThat(smtp.say("MAIL FROM:<bob@example.net> SIZE=" + (MAX_EMAIL_BYTES + 1)))
                    .containsExactly("552 5.3.4 Message size exceeds the maximum of " + MAX_EMAIL_BYTES + " bytes");
            assertThat(smtp.say("MAIL FROM:<bob@example.net> SIZE=" + MAX_EMAIL_BYTES))
                    .containsExactly("250 Ok");
        }
    }

    @Test
    void shouldApplyAnAdminsNewSizeLimitToASessionAlreadyOpenWithoutCuttingIt() throws Exception {
        long larger = 2 * MAX_EMAIL_BYTES;
        String messageId = UUID.randomUUID() + "@mail.example.org";
        // Between the two limits: refused before the change, accepted after it.
        String mail = "Message-ID: <" + messageId + ">\r\nFrom: bob@example.net\r\nSubject: Larger\r\n\r\n"
                + ("x".repeat(70) + "\r\n").repeat(1000) + ".";
        try (SmtpSession smtp = new SmtpSession()) {
            assertThat(smtp.say("EHLO client.example.org")).contains("250-SIZE " + MAX_EMAIL_BYTES);
            IngestTestSupport.writeConfig(cluster, MailTestSupport.settings(larger));
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> smtp.say("EHLO client.example.org").contains("250-SIZE " + larger));

                assertThat(smtp.say("MAIL FROM:<bob@example.net> SIZE=" + mail.length()))
                        .containsExactly("250 Ok");
                assertThat(smtp.say("RCPT TO:<" + SUPPORT + ">")).containsExactly("250 Ok");
                assertThat(smtp.say("DATA")).hasSize(1).allMatch(answer -> answer.startsWith("354 "));
                assertThat(smtp.say(mail)).containsExactly("250 2.0.0 Ok: queued as " + messageId);
            } finally {
                IngestTestSupport.writeConfig(cluster, MailTestSupport.settings(MAX_EMAIL_BYTES));
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> smtp.say("EHLO client.example.org").contains("250-SIZE " + MAX_EMAIL_BYTES));
            }
        }
        assertThat(inbound.awaitKey(messageId, 1).get(0).getSubject()).isEqualTo("Larger");
    }

    @Test
    void shouldReportTheListenerUpWithItsPortAndLimitInHealth() {
        WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port"))
                .build()
                .get()
                .uri("/actuator/health/smtp")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.details.port")
                .isEqualTo(listener.port())
                .jsonPath("$.details.maxEmailBytes")
                .isEqualTo(MAX_EMAIL_BYTES);
    }

    @Test
    void shouldReportAListenerThatCannotBindAsNotRunningAndDownWithTheReason() {
        int taken = listener.port();
        MailProperties properties = new MailProperties(
                new MailProperties.Smtp(true, "127.0.0.1", taken, "helpstream", 10, Duration.ofSeconds(5), 10),
                List.of(),
                20);
        MailIntake intake = app.getBean(MailIntake.class);
        SmtpListener second = new SmtpListener(properties, intake);

        assertThatThrownBy(second::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(
                        "The SMTP listener cannot listen on 127.0.0.1:" + taken + ": java.net.BindException");

        assertThat(second.isRunning()).isFalse();
        assertThat(second.port()).isEqualTo(-1);
        Health health = new SmtpHealthIndicator(second, intake).health().block();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsOnlyKeys("reason");
        assertThat((String) health.getDetails().get("reason"))
                .startsWith("cannot listen on 127.0.0.1:" + taken + ": java.net.BindException");
        assertThat(listener.isRunning()).isTrue();
    }

    @Test
    void shouldAcceptABounceSentWithTheNullReversePathAndMarkItAsABounce() throws Exception {
        String messageId = UUID.randomUUID() + "@mx.example.net";
        List<String> answers = dialog(
                "EHLO mx.example.net",
                "MAIL FROM:<>",
                "RCPT TO:<" + SUPPORT + ">",
                "DATA",
                "Message-ID: <" + messageId + ">\r\n"
                        + "From: Mail Delivery System <MAILER-DAEMON@mx.example.net>\r\n"
                        + "Subject: Undelivered Mail Returned to Sender\r\n\r\n"
                        + "Your message could not be delivered.\r\n.",
                "QUIT");

        assertThat(answers).contains("250 2.0.0 Ok: queued as " + messageId);
        InboundMessage bounce = inbound.awaitKey(messageId, 1).get(0);
        assertThat(bounce.getAutomation().getBounce()).isTrue();
        assertThat(bounce.getFrom()).isEqualTo(contact("MAILER-DAEMON@mx.example.net", "Mail Delivery System"));
    }

    private static void send(MimeMessage mail, String... recipients) throws Exception {
        Address[] addresses = new Address[recipients.length];
        for (int i = 0; i < recipients.length; i++) {
            addresses[i] = new InternetAddress(recipients[i]);
        }
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(mail, addresses);
        }
    }

    /** Sends SMTP commands one by one over a socket and returns every answer line. */
    private static List<String> dialog(String... commands) throws Exception {
        List<String> answers = new ArrayList<>();
        try (SmtpSession smtp = new SmtpSession()) {
            answers.addAll(smtp.greeting());
            for (String command : commands) {
                answers.addAll(smtp.say(command));
            }
        }
        return answers;
    }

    /** One SMTP session with the listener over a socket, command by command. */
    private static final class SmtpSession implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;
        private final Writer out;
        private final List<String> greeting;

        SmtpSession() throws Exception {
            socket = new Socket("127.0.0.1", listener.port());
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            greeting = answer();
        }

        List<String> greeting() {
            return greeting;
        }

        /** Sends one command (or a mail's data ending in a lone dot) and returns the answer's lines. */
        List<String> say(String command) throws Exception {
            out.write(command + "\r\n");
            out.flush();
            return answer();
        }

        private List<String> answer() throws Exception {
            List<String> lines = new ArrayList<>();
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    return lines;
                }
                lines.add(line);
            } while (line.length() > 3 && line.charAt(3) == '-');
            return lines;
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private static Contact contact(String email, String name) {
        return Contact.newBuilder().setEmail(email).setDisplayName(name).build();
    }
}
