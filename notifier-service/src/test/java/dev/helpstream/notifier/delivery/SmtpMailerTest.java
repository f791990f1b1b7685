package dev.helpstream.notifier.delivery;

import static dev.helpstream.notifier.delivery.DeliveryTestSupport.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.support.content.FileSystemBlobStore;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the mailer reads an SMTP server's answers, against a real (scripted) server on loopback. */
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

    private String send(int port) {
        SmtpMailer mailer = new SmtpMailer(new DeliveryProperties.Smtp(
                "127.0.0.1", port, "", "", false, false, false, Duration.ofSeconds(2), Duration.ofSeconds(2), ""));
        MailComposer composer = new MailComposer(mailer.session(), new FileSystemBlobStore(blobs), Clock.systemUTC());
        return mailer.send(composer.compose(delivery));
    }
}
