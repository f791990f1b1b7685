package dev.helpstream.bench.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.helpstream.bench.mail.AckMailbox.Arrival;
import dev.helpstream.bench.mail.SmtpBlaster.BlastResult;
import dev.helpstream.bench.mail.SmtpBlaster.OutgoingMail;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpBlasterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    static final GreenMailExtension greenMail =
            new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort()).withPerMethodLifecycle(false);

    private AckMailbox mailbox;

    @BeforeEach
    void startMailbox() {
        mailbox = AckMailbox.start(0);
    }

    @AfterEach
    void stopMailbox() {
        mailbox.close();
    }

    @Test
    void shouldDeliverFiveHundredMailsOverFourConnectionsEachOnceToItsOwnRecipient() {
        List<OutgoingMail> mails = mails(500, i -> "customer" + i + "@example.test");

        BlastResult result = SmtpBlaster.send("localhost", mailbox.port(), 4, mails, TIMEOUT);

        assertThat(result.sent()).isEqualTo(500);
        assertThat(result.refused()).isZero();
        assertThat(result.refusals()).isEmpty();
        assertThat(result.acceptedNanos()).hasSize(500).doesNotContain(0L);
        assertThat(result.lastAcceptedNanos())
                .isEqualTo(Arrays.stream(result.acceptedNanos()).max().orElseThrow());
        assertThat(result.firstSendNanos()).isLessThan(result.lastAcceptedNanos());
        assertThat(mailbox.messages()).isEqualTo(500);
        assertThat(mailbox.recipients()).isEqualTo(500);
        for (int i = 0; i < 500; i++) {
            List<Arrival> arrivals = mailbox.arrivals("customer" + i + "@example.test");
            assertThat(arrivals).hasSize(1);
            assertThat(arrivals.get(0).subject()).isEqualTo("Ticket request " + i);
            assertThat(arrivals.get(0).messageId()).isEqualTo("<mail-" + i + "@bench.test>");
            // The mailbox records the arrival before it answers the final dot.
            assertThat(arrivals.get(0).nanoTime()).isBetween(result.firstSendNanos(), result.acceptedNanos()[i]);
        }
    }

    @Test
    void shouldSendBodyLinesThatStartWithADotIntact() {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        mailbox.onRawMessage(received::add);
        byte[] mail = SmtpBlaster.message(
                "customer@example.test",
                "support@helpdesk.test",
                "Dots",
                "dots@bench.test",
                ".\r\n..two dots\r\n. a dot and a space\r\nthe end.\r\n.");

        BlastResult result = SmtpBlaster.send(
                "localhost",
                mailbox.port(),
                1,
                List.of(new OutgoingMail("customer@example.test", "support@helpdesk.test", mail)),
                TIMEOUT);

        assertThat(result.sent()).isEqualTo(1);
        assertThat(received).hasSize(1);
        assertThat(new String(received.get(0), StandardCharsets.UTF_8))
                .isEqualTo(new String(mail, StandardCharsets.UTF_8))
                .endsWith("\r\n\r\n.\r\n..two dots\r\n. a dot and a space\r\nthe end.\r\n.\r\n");
    }

    @Test
    void shouldEndAMailWhoseLastLineHasNoLineBreakWithOne() {
        List<byte[]> received = new CopyOnWriteArrayList<>();
        mailbox.onRawMessage(received::add);
        byte[] mail = "Subject: unterminated\r\n\r\nno line break".getBytes(StandardCharsets.US_ASCII);

        BlastResult result = SmtpBlaster.send(
                "localhost",
                mailbox.port(),
                1,
                List.of(new OutgoingMail("a@example.test", "b@example.test", mail)),
                TIMEOUT);

        assertThat(result.sent()).isEqualTo(1);
        assertThat(new String(received.get(0), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: unterminated\r\n\r\nno line break\r\n");
    }

    @Test
    void shouldCountRefusedRecipientsAndStillDeliverTheOthers() {
        mailbox.refuse(recipient -> recipient.startsWith("blocked"));
        List<OutgoingMail> mails = mails(12, i -> (i % 4 == 1 ? "Blocked" : "customer") + i + "@example.test");

        BlastResult result = SmtpBlaster.send("localhost", mailbox.port(), 2, mails, TIMEOUT);

        assertThat(result.sent()).isEqualTo(9);
        assertThat(result.refused()).isEqualTo(3);
        assertThat(result.refusals())
                .containsExactlyInAnyOrder(
                        "mail 1 to Blocked1@example.test: 550 5.1.1 <Blocked1@example.test>: refused by this mailbox",
                        "mail 5 to Blocked5@example.test: 550 5.1.1 <Blocked5@example.test>: refused by this mailbox",
                        "mail 9 to Blocked9@example.test: 550 5.1.1 <Blocked9@example.test>: refused by this mailbox");
        for (int i = 0; i < 12; i++) {
            if (i % 4 == 1) {
                assertThat(result.acceptedNanos()[i]).isZero();
                assertThat(mailbox.arrivals("blocked" + i + "@example.test")).isEmpty();
            } else {
                assertThat(result.acceptedNanos()[i]).isNotZero();
                assertThat(mailbox.arrivals("customer" + i + "@example.test")).hasSize(1);
            }
        }
        assertThat(mailbox.messages()).isEqualTo(9);
        assertThat(mailbox.recipients()).isEqualTo(9);
    }

    @Test
    void shouldSendMailsThatARealMailServerReads() throws Exception {
        List<OutgoingMail> mails = mails(20, i -> "support" + i + "@helpdesk.test");

        BlastResult result = SmtpBlaster.send("localhost", greenMail.getSmtp().getPort(), 3, mails, TIMEOUT);

        assertThat(result.sent()).isEqualTo(20);
        assertThat(greenMail.waitForIncomingEmail(TIMEOUT.toMillis(), 20)).isTrue();
        MimeMessage[] received = greenMail.getReceivedMessages();
        assertThat(received).hasSize(20);
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : received) {
            subjects.add(message.getSubject());
            int index = Integer.parseInt(message.getSubject().substring("Ticket request ".length()));
            assertThat(message.getMessageID()).isEqualTo("<mail-" + index + "@bench.test>");
            assertThat(message.getContentType()).isEqualToIgnoringCase("text/plain; charset=UTF-8");
            // GreenMail keeps the body without the line break that ends its last line.
            assertThat((String) message.getContent())
                    .isEqualTo(SmtpBlaster.sampleBody("Request " + index).stripTrailing());
        }
        assertThat(subjects)
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20)
                        .mapToObj(i -> "Ticket request " + i)
                        .toList());
    }

    @Test
    void shouldFailWithTheReplySeenWhenTheServerRefusesTheSession() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread greeter = answerEachConnection(server, "554 5.3.2 No service here\r\n");

            assertThatThrownBy(() ->
                            SmtpBlaster.send("localhost", server.getLocalPort(), 1, mails(1, i -> "a@b.test"), TIMEOUT))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("Expected 220 to greeting, got '554 5.3.2 No service here'");
            greeter.interrupt();
        }
    }

    @Test
    void shouldGiveUpOnAServerThatStopsAnsweringWhenTheTimeoutPasses() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            // Greets, then reads the EHLO and never answers it.
            Thread greeter = answerEachConnection(server, "220 silent ESMTP\r\n");
            long start = System.nanoTime();

            assertThatThrownBy(() -> SmtpBlaster.send(
                            "localhost", server.getLocalPort(), 1, mails(1, i -> "a@b.test"), Duration.ofMillis(300)))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("after '220 silent ESMTP'")
                    .hasCauseInstanceOf(SocketTimeoutException.class);
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(10));
            greeter.interrupt();
        }
    }

    @Test
    void shouldRefuseToSendOverNoConnection() {
        assertThatThrownBy(() -> SmtpBlaster.send("localhost", mailbox.port(), 0, mails(1, i -> "a@b.test"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connections must be at least 1, not 0");
    }

    @Test
    void shouldAnswerAnEmptyListOfMailsWithAnEmptyResult() {
        BlastResult result = SmtpBlaster.send("localhost", mailbox.port(), 4, List.of(), TIMEOUT);

        assertThat(result.sent()).isZero();
        assertThat(result.refused()).isZero();
        assertThat(result.acceptedNanos()).isEmpty();
        assertThat(mailbox.messages()).isZero();
    }

    @Test
    void shouldBuildAPlainTextMailWithCrlfLineBreaks() {
        byte[] mail = SmtpBlaster.message(
                "customer@example.test", "support@helpdesk.test", "Site down", "abc@bench.test", "one\ntwo\r\n");
        String text = new String(mail, StandardCharsets.UTF_8);

        assertThat(text)
                .matches("(?s)Date: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} \\+0000\r\n.*")
                .contains("\r\nFrom: customer@example.test\r\n"
                        + "To: support@helpdesk.test\r\n"
                        + "Subject: Site down\r\n"
                        + "Message-ID: <abc@bench.test>\r\n"
                        + "MIME-Version: 1.0\r\n"
                        + "Content-Type: text/plain; charset=UTF-8\r\n"
                        + "Content-Transfer-Encoding: 7bit\r\n"
                        + "\r\n"
                        + "one\r\ntwo\r\n")
                .endsWith("\r\n\r\none\r\ntwo\r\n");
        assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
    }

    @Test
    void shouldEncodeASubjectThatIsNotAsciiSoThatItReadsBack() {
        String subject = "Überweisung fehlgeschlagen — Rechnung Nr. 2024-117, bitte prüfen ✓";
        byte[] mail = SmtpBlaster.message("a@example.test", "b@example.test", subject, "<x@bench.test>", "Grüße\r\n");
        String text = new String(mail, StandardCharsets.UTF_8);

        assertThat(text).contains("Subject: =?UTF-8?B?").contains("Content-Transfer-Encoding: 8bit\r\n");
        assertThat(MailHeaders.value(mail, MailHeaders.headerEnd(mail), "Subject"))
                .isEqualTo(subject);
        assertThat(MailHeaders.value(mail, MailHeaders.headerEnd(mail), "Message-ID"))
                .isEqualTo("<x@bench.test>");
    }

    @Test
    void shouldRefuseAHeaderValueWithALineBreak() {
        assertThatThrownBy(() -> SmtpBlaster.message("a@example.test", "b@example.test", "Hi\r\nBcc: c@x", "x@y", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The Subject header may not hold a line break: Hi\r\nBcc: c@x");
    }

    @Test
    void shouldRefuseAnEnvelopeAddressThatWouldBreakTheCommand() {
        assertThatThrownBy(() -> new OutgoingMail("a@example.test", "b@example.test>\r\nRSET", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not an envelope address: b@example.test>\r\nRSET");
    }

    @Test
    void shouldMakeASampleBodyOfAboutOneKilobyte() {
        String body = SmtpBlaster.sampleBody("Request 7");

        assertThat(body).startsWith("Request 7\r\n");
        assertThat(body.length()).isBetween(1000, 1200);
    }

    private static List<OutgoingMail> mails(int count, java.util.function.IntFunction<String> recipient) {
        List<OutgoingMail> mails = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String to = recipient.apply(i);
            byte[] mail = SmtpBlaster.message(
                    "customer@example.test",
                    to,
                    "Ticket request " + i,
                    "mail-" + i + "@bench.test",
                    SmtpBlaster.sampleBody("Request " + i));
            mails.add(new OutgoingMail("customer@example.test", to, mail));
        }
        return mails;
    }

    /** A fake server: writes {@code answer} to each connection, then reads (and drops) what comes. */
    private static Thread answerEachConnection(ServerSocket server, String answer) {
        Thread thread = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (Socket socket = server.accept()) {
                            OutputStream out = socket.getOutputStream();
                            out.write(answer.getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            InputStream in = socket.getInputStream();
                            in.transferTo(OutputStream.nullOutputStream());
                        } catch (IOException closed) {
                            return;
                        }
                    }
                },
                "fake-smtp");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
