package dev.helpstream.ingest.mail;

import static dev.helpstream.ingest.mail.MailTestSupport.SUPPORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.helpstream.ingest.IngestTestSupport;
import dev.helpstream.kafka.embedded.EmbeddedKafkaExtension;
import dev.helpstream.kafka.embedded.KafkaCluster;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.support.content.BlobStore;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * IMAP and POP3 mailboxes on GreenMail, imported through the running service into the real broker:
 * a mail is marked on the server only once Kafka has its record, and a poller stopped in between
 * loses nothing.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class MailboxPollerIT {

    private static final String PASSWORD = "secret";

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.ALL))
            .withConfiguration(GreenMailConfiguration.aConfig()
                    .withUser("polled@mail.example.com", "polled", PASSWORD)
                    .withUser("imap-crash@mail.example.com", "imap-crash", PASSWORD)
                    .withUser("pop-crash@mail.example.com", "pop-crash", PASSWORD)
                    .withUser("mover@mail.example.com", "mover", PASSWORD)
                    .withUser("odd@mail.example.com", "odd", PASSWORD)
                    .withUser("large@mail.example.com", "large", PASSWORD)
                    .withUser("opened@mail.example.com", "opened", PASSWORD)
                    .withUser("crowded@mail.example.com", "crowded", PASSWORD)
                    .withUser("corrupt@mail.example.com", "corrupt", PASSWORD))
            // One server for the class: the service polls it from startup on.
            .withPerMethodLifecycle(false);

    @TempDir
    static Path blobs;

    private static KafkaCluster cluster;
    private static ConfigurableApplicationContext app;
    private static MailIntake intake;
    private IngestTestSupport.InboundTopic inbound;

    @BeforeAll
    static void start(KafkaCluster kafka) {
        cluster = kafka;
        IngestTestSupport.provisionTopics(kafka);
        // One mailbox polled by the service itself, as configured in production (TLS, here with
        // GreenMail's self-signed certificate); the others are polled by the tests, step by step.
        app = IngestTestSupport.start(
                kafka,
                blobs,
                "--helpstream.ingest.mail.mailboxes[0].protocol=imaps",
                "--helpstream.ingest.mail.mailboxes[0].host=127.0.0.1",
                "--helpstream.ingest.mail.mailboxes[0].port="
                        + greenMail.getImaps().getPort(),
                "--helpstream.ingest.mail.mailboxes[0].username=polled",
                "--helpstream.ingest.mail.mailboxes[0].password=" + PASSWORD,
                "--helpstream.ingest.mail.mailboxes[0].support-address=" + SUPPORT,
                "--helpstream.ingest.mail.mailboxes[0].poll-interval=200ms",
                "--helpstream.ingest.mail.mailboxes[0].trust-all-certificates=true");
        intake = app.getBean(MailIntake.class);
    }

    @AfterAll
    static void stop() {
        app.close();
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
    void shouldImportMailFromTheConfiguredImapsMailboxAndMarkItSeen() throws Exception {
        String messageId = UUID.randomUUID() + "@mail.example.org";
        String subject = "Polled " + messageId;
        deliver("polled", messageId, subject);

        InboundMessage message = inbound.awaitKey(messageId, 1).get(0);

        assertThat(message.getChannel()).isEqualTo(Channel.EMAIL);
        assertThat(message.getSubject()).isEqualTo(subject);
        assertThat(message.getBody().getText()).isEqualTo("Please help.");
        assertThat(message.getRecipientAddress()).isEqualTo(SUPPORT);
        assertThat(message.getHeaders())
                .containsEntry(MimeParser.SOURCE_HEADER, "imaps://polled@127.0.0.1/INBOX")
                .containsEntry(MimeParser.RECIPIENTS_HEADER, SUPPORT);
        assertThat(app.getBean(BlobStore.class).find(message.getRawMimeRef())).isPresent();
        await().atMost(Duration.ofSeconds(10)).until(() -> inbox("polled").seen(messageId));
        assertThat(inbound.withSubjectAfterDraining(subject)).hasSize(1);
    }

    @Test
    void shouldLeaveAnImapMailUnseenWhenThePollerStopsBeforeMarkingItAndImportItAgainAfterARestart() throws Exception {
        String messageId = UUID.randomUUID() + "@mail.example.org";
        String subject = "IMAP crash " + messageId;
        deliver("imap-crash", messageId, subject);
        MailProperties.Mailbox mailbox = mailbox(
                MailProperties.Protocol.IMAP, "imap-crash", greenMail.getImap().getPort(), null);

        assertThatThrownBy(() -> new MailboxPoller(mailbox, intake, MailboxPollerIT::crash).poll())
                .isInstanceOf(SimulatedCrash.class);

        assertThat(inbound.awaitKey(messageId, 1)).hasSize(1);
        assertThat(inbox("imap-crash").seen(messageId)).isFalse();

        MailboxPoller restarted = new MailboxPoller(mailbox, intake, MailboxPoller.ImportHook.NONE);
        assertThat(restarted.poll()).isEqualTo(1);

        // The same key twice: routing-stream's dedup by message id keeps one.
        assertThat(inbound.awaitKey(messageId, 2)).hasSize(2);
        assertThat(inbox("imap-crash").seen(messageId)).isTrue();
        assertThat(restarted.poll()).isZero();
        assertThat(inbound.withSubjectAfterDraining(subject)).hasSize(2);
    }

    @Test
    void shouldLeaveAPop3MailOnTheServerWhenThePollerStopsBeforeDeletingItAndDeleteItAfterARestart() throws Exception {
        String messageId = UUID.randomUUID() + "@mail.example.org";
        String subject = "POP3 crash " + messageId;
        deliver("pop-crash", messageId, subject);
        MailProperties.Mailbox mailbox = mailbox(
                MailProperties.Protocol.POP3, "pop-crash", greenMail.getPop3().getPort(), null);

        assertThatThrownBy(() -> new MailboxPoller(mailbox, intake, MailboxPollerIT::crash).poll())
                .isInstanceOf(SimulatedCrash.class);

        assertThat(inbound.awaitKey(messageId, 1)).hasSize(1);
        assertThat(inbox("pop-crash").count()).isEqualTo(1);

        MailboxPoller restarted = new MailboxPoller(mailbox, intake, MailboxPoller.ImportHook.NONE);
        assertThat(restarted.poll()).isEqualTo(1);

        assertThat(inbound.awaitKey(messageId, 2)).hasSize(2);
        assertThat(inbox("pop-crash").count()).isZero();
        assertThat(restarted.poll()).isZero();
        assertThat(inbound.withSubjectAfterDraining(subject)).hasSize(2);
    }

    @Test
    void shouldMoveAnImportedImapMailToTheConfiguredFolder() throws Exception {
        String messageId = UUID.randomUUID() + "@mail.example.org";
        deliver("mover", messageId, "Move me " + messageId);
        MailProperties.Mailbox mailbox = mailbox(
                MailProperties.Protocol.IMAP, "mover", greenMail.getImap().getPort(), "Imported");

        assertThat(new MailboxPoller(mailbox, intake, MailboxPoller.ImportHook.NONE).poll())
                .isEqualTo(1);

        assertThat(inbound.awaitKey(messageId, 1)).hasSize(1);
        assertThat(inbox("mover").count()).isZero();
        assertThat(folder("mover", "Imported").ids()).containsExactly(messageId);
    }

    @Test
    void shouldWriteAMailWithoutSenderToTheDeadLetterTopicAndStillMarkIt() throws Exception {
        String messageId = UUID.randomUUID() + "@mail.example.org";
        MimeMessage anonymous = new MimeMessage(Session.getInstance(new Properties()));
        anonymous.setSubject("Nobody " + messageId);
        anonymous.setText("Who sent this?");
        anonymous.saveChanges();
        anonymous.setHeader("Message-ID", "<" + messageId + ">");
        greenMail.getUserManager().getUser("odd").deliver(anonymous);
        MailProperties.Mailbox mailbox =
                mailbox(MailProperties.Protocol.IMAP, "odd", greenMail.getImap().getPort(), null);

        try (MailTestSupport.DeadLetterTopic deadLetters = new MailTestSupport.DeadLetterTopic(cluster)) {
            assertThat(new MailboxPoller(mailbox, intake, MailboxPoller.ImportHook.NONE).poll())
                    .isEqualTo(1);

            MailTestSupport.DeadLetter letter = deadLetters.awaitKey(messageId);
            assertThat(letter.headers())
                    .containsEntry(
                            MailDeadLetters.REASON,
                            "no sender can be read (From, Sender, Reply-To, envelope sender, Return-Path)")
                    .containsEntry(MailDeadLetters.SOURCE, "imap://odd@127.0.0.1/INBOX")
                    .containsEntry(MailDeadLetters.MESSAGE_ID, messageId);
            String rawRef = letter.headers().get(MailDeadLetters.RAW_MIME_REF);
            assertThat(app.getBean(BlobStore.class).find(rawRef)).isPresent();
            assertThat(new String(letter.value(), StandardCharsets.UTF_8)).contains("Who sent this?");
        }
        assertThat(inbox("odd").seen(messageId)).isTrue();
    }

    @Test
    void shouldReportAMailOverTheSizeLimitOnceAndLeaveItOnTheServer() throws Exception {
        String messageId = UUID.randomUUID() + "@mail.example.org";
        MimeMessage large = MailTestSupport.message(
                Session.getInstance(new Properties()),
                messageId,
                "Erin <erin@example.org>",
                SUPPORT,
                "Large " + messageId,
                "x".repeat(8 * 1024));
        greenMail.getUserManager().getUser("large").deliver(large);
        MailProperties.Mailbox mailbox = mailbox(
                MailProperties.Protocol.IMAP, "large", greenMail.getImap().getPort(), null);
        IngestTestSupport.writeConfig(cluster, MailTestSupport.settings(4 * 1024));
        try (MailTestSupport.DeadLetterTopic deadLetters = new MailTestSupport.DeadLetterTopic(cluster)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> intake.rules().maxEmailBytes() == 4 * 1024);
            MailboxPoller poller = new MailboxPoller(mailbox, intake, MailboxPoller.ImportHook.NONE);

            assertThat(poller.poll()).isZero();
            assertThat(poller.poll()).isZero();

            MailTestSupport.DeadLetter letter = deadLetters.awaitKey(messageId);
            assertThat(letter.headers())
                    .containsEntry(
                            MailDeadLetters.REASON, "the mail is larger than 4096 bytes; it was left on the server")
                    .containsEntry(MailDeadLetters.SOURCE, "imap://large@127.0.0.1/INBOX")
                    .containsEntry("helpstream.subject", "Large " + messageId)
                    .containsEntry("helpstream.from", "Erin <erin@example.org>")
                    .doesNotContainKey(MailDeadLetters.RAW_MIME_REF);
            assertThat(letter.value()).isEmpty();
            assertThat(deadLetters.countKey(messageId)).isEqualTo(1);
        } finally {
            IngestTestSupport.deleteConfig(cluster, ConfigEntityType.HELPDESK_SETTINGS, ConfigKeys.SETTINGS_ID);
            await().atMost(Duration.ofSeconds(30)).until(() -> intake.rules().maxEmailBytes() > 4 * 1024);
        }
        assertThat(inbox("large").seen(messageId)).isFalse();
        assertThat(inbound.withSubjectAfterDraining("Large " + messageId)).isEmpty();
    }

    @Test
    void shouldImportAMailThatAPersonOpenedBeforeThePollAndMarkItWithTheImportedKeyword() throws Exception {
        String messageId = UUID.randomUUID() + "@mail.example.org";
        deliver("opened", messageId, "Opened " + messageId);
        readInWebmail("opened", messageId);
        MailboxPoller poller = new MailboxPoller(
                mailbox(
                        MailProperties.Protocol.IMAP,
                        "opened",
                        greenMail.getImap().getPort(),
                        null),
                intake,
                MailboxPoller.ImportHook.NONE);

        assertThat(poller.poll()).isEqualTo(1);

        assertThat(inbound.awaitKey(messageId, 1)).hasSize(1);
        assertThat(inbox("opened").entry(messageId))
                .isEqualTo(new Entry(messageId, true, List.of(MailboxPoller.IMPORTED_KEYWORD)));
        assertThat(poller.poll()).isZero();
    }

    @Test
    void shouldTakeTheMailBehindOversizedMailThatFillsTheBatchOnceItIsReported() throws Exception {
        String firstLarge = UUID.randomUUID() + "@mail.example.org";
        String secondLarge = UUID.randomUUID() + "@mail.example.org";
        String small = UUID.randomUUID() + "@mail.example.org";
        deliver("crowded", firstLarge, "Large " + firstLarge, "x".repeat(8 * 1024));
        deliver("crowded", secondLarge, "Large " + secondLarge, "x".repeat(8 * 1024));
        deliver("crowded", small, "Small " + small, "Please help.");
        MailProperties.Mailbox mailbox = mailbox(
                MailProperties.Protocol.IMAP, "crowded", greenMail.getImap().getPort(), null, 2);
        IngestTestSupport.writeConfig(cluster, MailTestSupport.settings(4 * 1024));
        try (MailTestSupport.DeadLetterTopic deadLetters = new MailTestSupport.DeadLetterTopic(cluster)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> intake.rules().maxEmailBytes() == 4 * 1024);
            MailboxPoller poller = new MailboxPoller(mailbox, intake, MailboxPoller.ImportHook.NONE);

            assertThat(poller.poll()).isZero();
            assertThat(poller.poll()).isEqualTo(1);
            assertThat(poller.poll()).isZero();

            assertThat(inbound.awaitKey(small, 1)).hasSize(1);
            assertThat(deadLetters.awaitKey(firstLarge).headers())
                    .containsEntry(
                            MailDeadLetters.REASON, "the mail is larger than 4096 bytes; it was left on the server");
            assertThat(deadLetters.awaitKey(secondLarge).headers())
                    .containsEntry(
                            MailDeadLetters.REASON, "the mail is larger than 4096 bytes; it was left on the server");
            assertThat(deadLetters.countKey(firstLarge)).isEqualTo(1);
            assertThat(deadLetters.countKey(secondLarge)).isEqualTo(1);
        } finally {
            IngestTestSupport.deleteConfig(cluster, ConfigEntityType.HELPDESK_SETTINGS, ConfigKeys.SETTINGS_ID);
            await().atMost(Duration.ofSeconds(30)).until(() -> intake.rules().maxEmailBytes() > 4 * 1024);
        }
        FolderView inbox = inbox("crowded");
        assertThat(inbox.entry(firstLarge).seen()).isFalse();
        assertThat(inbox.entry(secondLarge).seen()).isFalse();
        assertThat(inbox.entry(small).seen()).isTrue();
    }

    @Test
    void shouldReportAMailThatCannotBeFetchedAfterThreeAttemptsAndImportTheMailBehindItMeanwhile() throws Exception {
        String broken = UUID.randomUUID() + "@mail.example.org";
        String first = UUID.randomUUID() + "@mail.example.org";
        String second = UUID.randomUUID() + "@mail.example.org";
        deliver("corrupt", broken, "Broken " + broken);
        deliver("corrupt", first, "First " + first);
        deliver("corrupt", second, "Second " + second);
        AtomicInteger fetches = new AtomicInteger();
        MailboxPoller.ImportHook failing = new MailboxPoller.ImportHook() {
            @Override
            public void imported(String messageId) {}

            @Override
            public void fetching(Message message) throws MessagingException {
                if (message.getHeader("Message-ID")[0].contains(broken)) {
                    fetches.incrementAndGet();
                    throw new MessagingException("simulated: the server cannot send this mail");
                }
            }
        };
        MailboxPoller poller = new MailboxPoller(
                mailbox(
                        MailProperties.Protocol.IMAP,
                        "corrupt",
                        greenMail.getImap().getPort(),
                        null,
                        2),
                intake,
                failing);

        try (MailTestSupport.DeadLetterTopic deadLetters = new MailTestSupport.DeadLetterTopic(cluster)) {
            assertThat(poller.poll()).isEqualTo(1);
            assertThat(poller.poll()).isEqualTo(1);
            assertThat(poller.poll()).isZero();
            assertThat(poller.poll()).isZero();

            assertThat(fetches.get()).isEqualTo(MailboxPoller.MAX_FETCH_ATTEMPTS);
            MailTestSupport.DeadLetter letter = deadLetters.awaitKey(broken);
            assertThat(letter.headers())
                    .containsEntry(
                            MailDeadLetters.REASON,
                            "the mail could not be fetched from the server (3 attempts: simulated: the server "
                                    + "cannot send this mail); it was left on the server")
                    .containsEntry(MailDeadLetters.SOURCE, "imap://corrupt@127.0.0.1/INBOX")
                    .containsEntry("helpstream.subject", "Broken " + broken)
                    .containsEntry("helpstream.from", "Dana <dana@example.org>")
                    .doesNotContainKey(MailDeadLetters.RAW_MIME_REF);
            assertThat(deadLetters.countKey(broken)).isEqualTo(1);
        }
        assertThat(inbound.awaitKey(first, 1)).hasSize(1);
        assertThat(inbound.awaitKey(second, 1)).hasSize(1);
        assertThat(inbox("corrupt").entry(broken)).isEqualTo(new Entry(broken, false, List.of()));
        assertThat(inbound.withSubjectAfterDraining("Broken " + broken)).isEmpty();
    }

    private static void crash(String messageId) {
        throw new SimulatedCrash();
    }

    private static MailProperties.Mailbox mailbox(
            MailProperties.Protocol protocol, String user, int port, String moveTo) {
        return mailbox(protocol, user, port, moveTo, 50);
    }

    private static MailProperties.Mailbox mailbox(
            MailProperties.Protocol protocol, String user, int port, String moveTo, int maxMessagesPerPoll) {
        return new MailProperties.Mailbox(
                user,
                protocol,
                "127.0.0.1",
                port,
                user,
                PASSWORD,
                "INBOX",
                moveTo == null ? null : MailProperties.AfterImport.MOVE,
                moveTo,
                SUPPORT,
                Duration.ofSeconds(30),
                maxMessagesPerPoll,
                false,
                false,
                Duration.ofSeconds(10));
    }

    private static void deliver(String user, String messageId, String subject) throws Exception {
        deliver(user, messageId, subject, "Please help.");
    }

    private static void deliver(String user, String messageId, String subject, String text) throws Exception {
        Session session = Session.getInstance(new Properties());
        MimeMessage mail =
                MailTestSupport.message(session, messageId, "Dana <dana@example.org>", SUPPORT, subject, text);
        greenMail.getUserManager().getUser(user).deliver(mail);
    }

    /** What a person does who opens the mail in webmail: it is \Seen before any poll. */
    private static void readInWebmail(String user, String messageId) throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), user, PASSWORD);
        try {
            Folder folder = store.getFolder("INBOX");
            folder.open(Folder.READ_WRITE);
            try {
                for (Message message : folder.getMessages()) {
                    if (message.getHeader("Message-ID")[0].contains(messageId)) {
                        message.setFlag(Flags.Flag.SEEN, true);
                    }
                }
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    private static FolderView inbox(String user) throws Exception {
        return folder(user, "INBOX");
    }

    /** What an IMAP client sees in a folder (read with PEEK: looking marks nothing). */
    private static FolderView folder(String user, String name) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.imap.peek", "true");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), user, PASSWORD);
        try {
            Folder folder = store.getFolder(name);
            folder.open(Folder.READ_ONLY);
            try {
                List<Entry> entries = new java.util.ArrayList<>();
                for (Message message : folder.getMessages()) {
                    String[] ids = message.getHeader("Message-ID");
                    entries.add(new Entry(
                            MailHeaders.ids(ids[0]).get(0),
                            message.isSet(Flags.Flag.SEEN),
                            List.of(message.getFlags().getUserFlags())));
                }
                return new FolderView(entries);
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    private record Entry(String messageId, boolean seen, List<String> keywords) {}

    private record FolderView(List<Entry> entries) {
        int count() {
            return entries.size();
        }

        boolean seen(String messageId) {
            return entry(messageId).seen();
        }

        Entry entry(String messageId) {
            return entries.stream()
                    .filter(entry -> entry.messageId().equals(messageId))
                    .findFirst()
                    .orElseThrow();
        }

        List<String> ids() {
            return entries.stream().map(Entry::messageId).toList();
        }
    }

    /** Stands for the process dying after Kafka's acknowledgement, before the server-side mark. */
    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash between the acknowledgement and the mark");
        }
    }
}
