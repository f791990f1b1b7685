package dev.helpstream.bench.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.bench.mail.AckMailbox.Arrival;
import dev.helpstream.bench.mail.SmtpBlaster.BlastResult;
import dev.helpstream.bench.mail.SmtpBlaster.OutgoingMail;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AckMailboxTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

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
    void shouldRecordAMailOncePerDistinctRecipientInLowerCaseAndCountItOnce() throws Exception {
        String mail = "From: notifier@helpdesk.test\r\n"
                + "To: Customer@Example.test\r\n"
                + "Subject: [#10234] We have received\r\n"
                + " your request\r\n"
                + "message-id:  <ack-1@helpdesk.test> \r\n"
                + "\r\n"
                + "Subject: not a header, the body\r\n";

        try (SmtpConnection smtp = connect()) {
            assertThat(smtp.command("MAIL FROM:<notifier@helpdesk.test>").code())
                    .isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<Customer@Example.test>").code()).isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<cc@example.test>").code()).isEqualTo(250);
            assertThat(smtp.command("RCPT TO:<customer@example.TEST>").code()).isEqualTo(250);
            assertThat(smtp.command("DATA").code()).isEqualTo(354);
            assertThat(smtp.data(mail.getBytes(StandardCharsets.US_ASCII)).code())
                    .isEqualTo(250);
        }

        assertThat(mailbox.messages()).isEqualTo(1);
        assertThat(mailbox.recipients()).isEqualTo(2);
        List<Arrival> customer = mailbox.arrivals("CUSTOMER@example.test");
        assertThat(customer).hasSize(1);
        assertThat(customer.get(0).subject()).isEqualTo("[#10234] We have received your request");
        assertThat(customer.get(0).messageId()).isEqualTo("<ack-1@helpdesk.test>");
        assertThat(mailbox.arrivals("cc@example.test")).containsExactlyElementsOf(customer);
        assertThat(mailbox.arrivals("nobody@example.test")).isEmpty();
    }

    @Test
    void shouldKeepEveryArrivalForARecipientInOrder() {
        List<OutgoingMail> mails = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] mail = SmtpBlaster.message(
                    "notifier@helpdesk.test", "customer@example.test", "Update " + i, "u" + i + "@helpdesk.test", "Hi");
            mails.add(new OutgoingMail("notifier@helpdesk.test", "customer@example.test", mail));
        }

        SmtpBlaster.send("localhost", mailbox.port(), 1, mails, TIMEOUT);

        assertThat(mailbox.arrivals("customer@example.test"))
                .extracting(Arrival::subject)
                .containsExactly("Update 0", "Update 1", "Update 2");
        assertThat(mailbox.messages()).isEqualTo(3);
        assertThat(mailbox.recipients()).isEqualTo(1);
    }

    @Test
    void shouldRecordAMailWithoutSubjectOrMessageIdWithNulls() throws Exception {
        try (SmtpConnection smtp = connect()) {
            smtp.command("MAIL FROM:<>");
            smtp.command("RCPT TO:<customer@example.test>");
            smtp.command("DATA");
            assertThat(smtp.data("X-Other: 1\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII))
                            .code())
                    .isEqualTo(250);
        }

        assertThat(mailbox.arrivals("customer@example.test")).singleElement().satisfies(arrival -> {
            assertThat(arrival.subject()).isNull();
            assertThat(arrival.messageId()).isNull();
        });
    }

    @Test
    void shouldCallTheArrivalListenerForEachRecipientBeforeTheMailIsAnswered() {
        Map<String, Arrival> heard = new ConcurrentHashMap<>();
        mailbox.onArrival(heard::put);
        mailbox.onArrival((recipient, arrival) -> {
            throw new IllegalStateException("a broken listener does not stop the mailbox");
        });
        List<OutgoingMail> mails = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String to = "customer" + i + "@example.test";
            mails.add(new OutgoingMail(
                    "notifier@helpdesk.test",
                    to,
                    SmtpBlaster.message("notifier@helpdesk.test", to, "Ack " + i, "ack" + i + "@helpdesk.test", "Hi")));
        }

        BlastResult result = SmtpBlaster.send("localhost", mailbox.port(), 4, mails, TIMEOUT);

        // No waiting: the listener ran before each 250, so before send returned.
        assertThat(result.sent()).isEqualTo(50);
        assertThat(heard).hasSize(50);
        for (int i = 0; i < 50; i++) {
            String to = "customer" + i + "@example.test";
            assertThat(heard.get(to)).isEqualTo(mailbox.arrivals(to).get(0));
            assertThat(heard.get(to).nanoTime()).isLessThanOrEqualTo(result.acceptedNanos()[i]);
        }
    }

    @Test
    void shouldTellWhetherTheAwaitedMailsArrivedInTime() throws Exception {
        byte[] mail = SmtpBlaster.message("a@example.test", "b@example.test", "One", "one@bench.test", "Hi");
        SmtpBlaster.send(
                "localhost",
                mailbox.port(),
                1,
                List.of(new OutgoingMail("a@example.test", "b@example.test", mail)),
                TIMEOUT);

        long start = System.nanoTime();
        assertThat(mailbox.awaitMessages(1, Duration.ZERO)).isTrue();
        assertThat(mailbox.awaitMessages(2, Duration.ofMillis(100))).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void shouldWakeAWaiterWhenTheAwaitedMailArrives() throws Exception {
        byte[] mail = SmtpBlaster.message("a@example.test", "b@example.test", "One", "one@bench.test", "Hi");
        Thread sender = new Thread(() -> SmtpBlaster.send(
                "localhost",
                mailbox.port(),
                1,
                List.of(new OutgoingMail("a@example.test", "b@example.test", mail)),
                TIMEOUT));
        sender.start();

        assertThat(mailbox.awaitMessages(1, TIMEOUT)).isTrue();
        assertThat(mailbox.messages()).isEqualTo(1);
        sender.join(TIMEOUT.toMillis());
    }

    private SmtpConnection connect() throws Exception {
        SmtpConnection smtp = SmtpConnection.open("localhost", mailbox.port(), System.nanoTime() + TIMEOUT.toNanos());
        assertThat(smtp.readReply().code()).isEqualTo(220);
        assertThat(smtp.command("EHLO test").code()).isEqualTo(250);
        return smtp;
    }
}
