package dev.helpstream.ingest.mail;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the mail of one IMAP or POP3 mailbox, one poll at a time.
 *
 * <p>Each poll connects, reads the mailbox (IMAP with {@code SEEN}: the unseen mail of the folder;
 * otherwise every mail in it; at most {@code maxMessagesPerPoll}), and for each mail, in order:
 * stores and reads it and writes its record ({@link MailIntake#deliver}, which returns only once
 * Kafka acknowledged it), then marks it on the server (\Seen, moved, or deleted at the end of the
 * poll). IMAP bodies are fetched with {@code BODY.PEEK}, so fetching alone never marks a mail seen.
 * A crash between the acknowledgement and the mark leaves the mail on the server: the next poll
 * imports it again under the same key (its Message-ID, or the digest of its bytes), which
 * routing-stream drops as a duplicate. When Kafka does not acknowledge a mail the poll stops there
 * ({@link MailNotStoredException}) and the mail waits on the server for the next one.
 *
 * <p>A mail larger than the helpdesk's {@code maxEmailBytes} is not fetched: it is reported once
 * per process on the ingest dead-letter topic and left on the server, unmarked, for an operator.
 * Blocking; runs on its poller's thread ({@link MailboxPollers}).
 */
final class MailboxPoller {

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

    private final MailProperties.Mailbox mailbox;
    private final MailIntake intake;
    private final ImportHook hook;
    private final Session session;
    private final String supportAddress;
    private final Set<String> reportedTooLarge = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private volatile Store current;
    private volatile boolean stopping;

    /**
     * @param hook called after each acknowledgement, before the mail is marked on the server (tests
     *     stop the poller there to show that nothing is lost)
     */
    MailboxPoller(MailProperties.Mailbox mailbox, MailIntake intake, ImportHook hook) {
        this.mailbox = mailbox;
        this.intake = intake;
        this.hook = hook;
        this.session = Session.getInstance(sessionProperties(mailbox));
        this.supportAddress = mailbox.supportAddress().strip().toLowerCase(Locale.ROOT);
    }

    MailProperties.Mailbox mailbox() {
        return mailbox;
    }

    /**
     * Imports what the mailbox holds now.
     *
     * @return how many mails were imported and marked
     * @throws MessagingException when the server cannot be reached or refuses (nothing was marked
     *     that Kafka did not have)
     * @throws MailNotStoredException when Kafka or the blob store failed (the mail stays)
     */
    int poll() throws MessagingException {
        MailRules rules = intake.rules();
        Store store = session.getStore(mailbox.protocol().storeName());
        current = store;
        try {
            store.connect(
                    mailbox.host(), mailbox.port() == 0 ? -1 : mailbox.port(), mailbox.username(), mailbox.password());
            Folder folder = store.getFolder(mailbox.protocol().isImap() ? mailbox.folder() : "INBOX");
            folder.open(Folder.READ_WRITE);
            Folder target = moveTarget(store);
            Marks marks = new Marks();
            try {
                List<Message> waiting = waiting(folder);
                for (Message message : waiting) {
                    if (stopping) {
                        break;
                    }
                    if (importOne(message, rules)) {
                        mark(store, folder, target, message, marks);
                        marks.imported++;
                    }
                }
            } finally {
                close(folder, marks.expunge);
            }
            if (marks.imported > 0) {
                log.info("Imported {} mails from {}", marks.imported, mailbox.source());
            }
            return marks.imported;
        } finally {
            current = null;
            closeQuietly(store);
        }
    }

    /** Asks a running poll to stop after the mail in hand. */
    void stop() {
        stopping = true;
    }

    /** Breaks off a poll that does not stop (a hung server), by closing its connection. */
    void abort() {
        stop();
        Store store = current;
        if (store != null) {
            closeQuietly(store);
        }
    }

    private List<Message> waiting(Folder folder) throws MessagingException {
        Message[] messages =
                mailbox.protocol().isImap() && mailbox.effectiveAfterImport() == MailProperties.AfterImport.SEEN
                        ? folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))
                        : folder.getMessages();
        int count = Math.min(messages.length, mailbox.maxMessagesPerPoll());
        Message[] batch = java.util.Arrays.copyOf(messages, count);
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.SIZE);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add("Message-ID");
        folder.fetch(batch, profile);
        return List.of(batch);
    }

    /** Imports one mail; false when it was left on the server (too large, already deleted). */
    private boolean importOne(Message message, MailRules rules) throws MessagingException {
        if (message.isExpunged() || message.isSet(Flags.Flag.DELETED)) {
            return false;
        }
        int size = message.getSize();
        if (size > rules.maxEmailBytes()) {
            reportTooLarge(message, size, rules.maxEmailBytes());
            return false;
        }
        StoredMail raw;
        try {
            raw = intake.store(out -> write(message, out), rules.maxEmailBytes());
        } catch (RawMailStore.MailTooLargeException tooLarge) {
            reportTooLarge(message, size, rules.maxEmailBytes());
            return false;
        } catch (IOException e) {
            throw new MessagingException("Cannot fetch a mail from " + mailbox.source() + ": " + e.getMessage(), e);
        }
        Envelope envelope = new Envelope(mailbox.source(), null, List.of(supportAddress), null, intake.now());
        MailIntake.Delivery delivery = intake.deliver(raw, envelope, rules);
        hook.imported(delivery.messageId());
        return true;
    }

    private static void write(Message message, java.io.OutputStream out) throws IOException {
        try {
            message.writeTo(out);
        } catch (MessagingException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void reportTooLarge(Message message, int size, long maxBytes) throws MessagingException {
        String[] ids = message.getHeader("Message-ID");
        String messageId =
                ids == null || ids.length == 0 || MailHeaders.ids(ids[0]).isEmpty()
                        ? "oversized-" + mailbox.source() + "#" + message.getMessageNumber()
                        : MailHeaders.ids(ids[0]).get(0);
        if (!reportedTooLarge.add(messageId)) {
            return;
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("helpstream.size-bytes", Integer.toString(size));
        String[] subjects = message.getHeader("Subject");
        if (subjects != null && subjects.length > 0) {
            details.put("helpstream.subject", MailHeaders.decode(subjects[0]));
        }
        String[] from = message.getHeader("From");
        if (from != null && from.length > 0) {
            details.put("helpstream.from", MailHeaders.decode(from[0]));
        }
        intake.reportNotTaken(
                messageId,
                "the mail is larger than " + maxBytes + " bytes; it was left on the server",
                mailbox.source(),
                details);
        log.warn(
                "A mail of {} bytes in {} is over the limit of {}; left on the server",
                size,
                mailbox.source(),
                maxBytes);
    }

    private Folder moveTarget(Store store) throws MessagingException {
        if (mailbox.effectiveAfterImport() != MailProperties.AfterImport.MOVE) {
            return null;
        }
        Folder target = store.getFolder(mailbox.moveTo());
        if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("Cannot create the folder " + mailbox.moveTo() + " in " + mailbox.source());
        }
        return target;
    }

    private void mark(Store store, Folder folder, Folder target, Message message, Marks marks)
            throws MessagingException {
        switch (mailbox.effectiveAfterImport()) {
            case SEEN -> message.setFlag(Flags.Flag.SEEN, true);
            case DELETE -> {
                message.setFlag(Flags.Flag.DELETED, true);
                marks.expunge = true;
            }
            case MOVE -> {
                if (folder instanceof IMAPFolder imap
                        && store instanceof IMAPStore imapStore
                        && imapStore.hasCapability("MOVE")) {
                    imap.moveMessages(new Message[] {message}, target);
                } else {
                    folder.copyMessages(new Message[] {message}, target);
                    message.setFlag(Flags.Flag.DELETED, true);
                    marks.expunge = true;
                }
            }
        }
    }

    private void close(Folder folder, boolean expunge) {
        try {
            if (folder.isOpen()) {
                // Expunges (POP3: deletes) only the mail marked after its acknowledgement.
                folder.close(expunge);
            }
        } catch (MessagingException e) {
            log.warn("Could not close {} cleanly: {}", mailbox.source(), e.getMessage());
        }
    }

    private static void closeQuietly(Store store) {
        try {
            store.close();
        } catch (MessagingException | RuntimeException ignored) {
            // Closing a broken connection: nothing left to do.
        }
    }

    private static Properties sessionProperties(MailProperties.Mailbox mailbox) {
        String protocol = mailbox.protocol().storeName();
        String prefix = "mail." + protocol + ".";
        String timeout = Long.toString(mailbox.timeout().toMillis());
        Properties properties = new Properties();
        properties.setProperty(prefix + "connectiontimeout", timeout);
        properties.setProperty(prefix + "timeout", timeout);
        properties.setProperty(prefix + "writetimeout", timeout);
        // Fetching must not mark a mail seen: only an acknowledged import does.
        properties.setProperty(prefix + "peek", "true");
        properties.setProperty("mail.mime.allowutf8", "true");
        if (mailbox.startTls()) {
            properties.setProperty(prefix + "starttls.enable", "true");
            properties.setProperty(prefix + "starttls.required", "true");
        }
        if (mailbox.trustAllCertificates()) {
            properties.setProperty(prefix + "ssl.trust", "*");
            properties.setProperty(prefix + "ssl.checkserveridentity", "false");
        } else {
            properties.setProperty(prefix + "ssl.checkserveridentity", "true");
        }
        return properties;
    }

    /** What one poll marked. */
    private static final class Marks {
        private int imported;
        private boolean expunge;
    }

    /** Called once a mail's record is acknowledged, before the mail is marked on the server. */
    @FunctionalInterface
    interface ImportHook {
        ImportHook NONE = messageId -> {};

        void imported(String messageId);
    }
}
