package dev.helpstream.notifier.delivery;

import static dev.helpstream.notifier.delivery.DeliveryTestSupport.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.support.content.FileSystemBlobStore;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the mailer reads an SMTP server's answers and keeps its connections, against a real
 * (scripted) server on loopback.
 */
class SmtpMailerTest {

    @TempDir
    Path blobs;

    private final EmailDelivery delivery = email("alice@customer.example")
            .setCc(List.of(new Contact("bob@customer.example", null, null)))
            .build();

    @Test
    void shouldSendToEveryRecipientTheServerAccepts() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "250 queued")) {
            assertThat(send(server.port())).isEmpty();
            assertThat(server.accepted()).containsExactly("alice@customer.example", "bob@customer.example");
        }
    }

    @Test
    void shouldCountAPartlyRefusedMessageAsSentAndReportTheRefusedRecipients() throws Exception {
        try (ScriptedSmtpServer server =
                new ScriptedSmtpServer(Map.of("bob@customer.example", "550 5.1.1 no such user"), "250 queued")) {
            assertThat(send(server.port())).startsWith("refused by the relay: bob@customer.example (");
            assertThat(server.accepted()).containsExactly("alice@customer.example");
        }
    }

    @Test
    void shouldFailPermanentlyWhenTheServerRefusesEveryRecipientWithA5xx() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                Map.of(
                        "alice@customer.example", "550 5.1.1 no such user",
                        "bob@customer.example", "553 5.1.3 bad address"),
                "250 queued")) {
            assertThatThrownBy(() -> send(server.port()))
                    .isInstanceOfSatisfying(
                            DeliveryFailure.class,
                            failure -> assertThat(failure.permanent()).isTrue())
                    .hasMessageContaining("550 5.1.1 no such user");
        }
    }

    @Test
    void shouldRetryWhenTheServerDefersARecipientWithA4xx() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                Map.of(
                        "alice@customer.example", "451 4.7.1 greylisted, try later",
                        "bob@customer.example", "451 4.7.1 greylisted, try later"),
                "250 queued")) {
            assertThatThrownBy(() -> send(server.port()))
                    .isInstanceOfSatisfying(
                            DeliveryFailure.class,
                            failure -> assertThat(failure.permanent()).isFalse())
                    .hasMessageContaining("451 4.7.1 greylisted");
        }
    }

    @Test
    void shouldTellPermanentFromTransientRefusalsOfTheMessage() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "554 5.6.0 message refused")) {
            assertThatThrownBy(() -> send(server.port()))
                    .isInstanceOfSatisfying(
                            DeliveryFailure.class,
                            failure -> assertThat(failure.permanent()).isTrue())
                    .hasMessageContaining("554 5.6.0 message refused");
            assertThat(server.accepted()).isEmpty();
        }
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "452 4.3.1 mailbox full")) {
            assertThatThrownBy(() -> send(server.port()))
                    .isInstanceOfSatisfying(
                            DeliveryFailure.class,
                            failure -> assertThat(failure.permanent()).isFalse())
                    .hasMessageContaining("452 4.3.1 mailbox full");
        }
    }

    @Test
    void shouldRetryWhenTheRelayCannotBeReached() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> send(closedPort))
                .isInstanceOfSatisfying(
                        DeliveryFailure.class,
                        failure -> assertThat(failure.permanent()).isFalse())
                .hasMessageStartingWith("SMTP smtp://127.0.0.1:" + closedPort + ": ");
    }

    @Test
    void shouldSendSuccessiveMessagesOverOneConnection() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "250 queued");
                SmtpMailer mailer = mailer(server.port(), 100, Duration.ofSeconds(30))) {
            for (int i = 0; i < 5; i++) {
                assertThat(send(mailer)).isEmpty();
            }
            assertThat(server.messagesReceived()).isEqualTo(5);
            assertThat(server.accepted()).hasSize(10);
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void shouldOpenANewConnectionAfterTheMostMessagesAConnectionMaySend() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "250 queued");
                SmtpMailer mailer = mailer(server.port(), 2, Duration.ofSeconds(30))) {
            for (int i = 0; i < 5; i++) {
                assertThat(send(mailer)).isEmpty();
            }
            assertThat(server.messagesReceived()).isEqualTo(5);
            assertThat(server.connections()).isEqualTo(3);
        }
    }

    @Test
    void shouldNotUseAConnectionThatWasIdleLongerThanTheIdleTimeout() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "250 queued");
                SmtpMailer mailer = mailer(server.port(), 100, Duration.ZERO)) {
            assertThat(send(mailer)).isEmpty();
            assertThat(send(mailer)).isEmpty();
            assertThat(server.messagesReceived()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void shouldSendOnANewConnectionWhenTheServerDroppedTheIdleOneWithoutAWord() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "250 queued");
                SmtpMailer mailer = mailer(server.port(), 100, Duration.ofSeconds(30))) {
            assertThat(send(mailer)).isEmpty();
            server.hangUp(null);

            assertThat(send(mailer)).isEmpty();

            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.messagesReceived()).isEqualTo(2);
            assertThat(server.accepted()).hasSize(4);
        }
    }

    @Test
    void shouldSendOnANewConnectionWhenTheServerClosedTheIdleOneWith421() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "250 queued");
                SmtpMailer mailer = mailer(server.port(), 100, Duration.ofSeconds(30))) {
            assertThat(send(mailer)).isEmpty();
            server.hangUp("421 4.4.2 scripted closing idle connection");

            assertThat(send(mailer)).isEmpty();

            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.messagesReceived()).isEqualTo(2);
            assertThat(server.accepted()).hasSize(4);
        }
    }

    @Test
    void shouldNotSendAgainButRetryLaterWhenTheConnectionIsLostAfterTheContentWentOut() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "250 queued");
                SmtpMailer mailer = mailer(server.port(), 100, Duration.ofSeconds(30))) {
            assertThat(send(mailer)).isEmpty();
            server.hangUpAfterNextData();

            // The server may have accepted it: only the retry policy may send it again.
            assertThatThrownBy(() -> send(mailer))
                    .isInstanceOfSatisfying(
                            DeliveryFailure.class,
                            failure -> assertThat(failure.permanent()).isFalse());
            assertThat(server.messagesReceived()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(1);

            assertThat(send(mailer)).isEmpty();
            assertThat(server.messagesReceived()).isEqualTo(3);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void shouldKeepTheConnectionAfterTheServerRefusedAMessage() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(
                        Map.of("alice@customer.example", "550 5.1.1 no such user"), "250 queued");
                SmtpMailer mailer = mailer(server.port(), 100, Duration.ofSeconds(30))) {
            EmailDelivery refused =
                    email("alice@customer.example").setCc(List.of()).build();
            assertThatThrownBy(() -> mailer.send(compose(mailer, refused)))
                    .isInstanceOfSatisfying(
                            DeliveryFailure.class,
                            failure -> assertThat(failure.permanent()).isTrue());

            assertThat(send(mailer)).startsWith("refused by the relay: alice@customer.example (");

            assertThat(server.accepted()).containsExactly("bob@customer.example");
            assertThat(server.connections()).isEqualTo(1);
        }
    }

    @Test
    void shouldEndItsSessionsWhenClosed() throws Exception {
        try (ScriptedSmtpServer server = new ScriptedSmtpServer(Map.of(), "250 queued")) {
            try (SmtpMailer first = mailer(server.port(), 100, Duration.ofSeconds(30))) {
                assertThat(send(first)).isEmpty();
            }
            // The server serves one connection at a time: the second mailer is greeted only once
            // the first one's session ended.
            try (SmtpMailer second = mailer(server.port(), 100, Duration.ofSeconds(30))) {
                assertThat(send(second)).isEmpty();
            }
            assertThat(server.connections()).isEqualTo(2);
            assertThat(server.messagesReceived()).isEqualTo(2);
        }
    }

    private String send(int port) {
        try (SmtpMailer mailer = mailer(port, 100, Duration.ofSeconds(30))) {
            return send(mailer);
        }
    }

    private String send(SmtpMailer mailer) {
        return mailer.send(compose(mailer, delivery));
    }

    private MimeMessage compose(SmtpMailer mailer, EmailDelivery planned) {
        return new MailComposer(mailer.session(), new FileSystemBlobStore(blobs), Clock.systemUTC()).compose(planned);
    }

    private static SmtpMailer mailer(int port, int maxMessagesPerConnection, Duration idleTimeout) {
        return new SmtpMailer(new DeliveryProperties.Smtp(
                "127.0.0.1",
                port,
                "",
                "",
                false,
                false,
                false,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                "",
                maxMessagesPerConnection,
                idleTimeout));
    }
}
