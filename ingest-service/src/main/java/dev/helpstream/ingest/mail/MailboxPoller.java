package dev.helpstream.ingest.mail;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.FolderClosedException;
import jakarta.mail.Message;
import jakarta.mail.MessageRemovedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.StoreClosedException;
import jakarta.mail.UIDFolder;
import jakarta.mail.search.FlagTerm;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the mail of one IMAP or POP3 mailbox, one poll at a time.
 *
 * <p>Each poll connects, reads the mailbox and takes at most {@code maxMessagesPerPoll} mails that
 * are waiting: with IMAP in {@code SEEN} mode the mail not yet marked imported, otherwise every mail
 * of the folder. For each, in order, it stores and reads it and writes its record ({@link
 * MailIntake#deliver}, which returns only once Kafka acknowledged it), then marks it on the server
 * (imported, moved, or deleted at the end of the poll). IMAP bodies are fetched with {@code
 * BODY.PEEK}, so fetching alone marks nothing. A crash between the acknowledgement and the mark
 * leaves the mail on the server: the next poll imports it again under the same key (its
 * Message-ID, or the digest of its bytes), which routing-stream drops as a duplicate. When Kafka or
 * the blob store fails the poll stops there ({@link MailNotStoredException}) and the mail waits on
 * the server for the next one; so does all of it when the connection is lost.
 *
 * <p>In {@code SEEN} mode "imported" is the IMAP keyword {@value #IMPORTED_KEYWORD} (set with \Seen)
 * when the server keeps keywords, so that a mail a person opened in webmail before the poll is
 * still imported; a server without keywords falls back to \Seen, and then such a mail is not.
 *
 * <p>One mail never holds up the others: a mail larger than the helpdesk's {@code maxEmailBytes} is
 * not fetched, and a mail that cannot be fetched ({@value #MAX_FETCH_ATTEMPTS} polls in a row) is
 * given up on; either is reported once per process on the ingest dead-letter topic, left on the
 * server unmarked for an operator, and from then on left out of the polls' batches (by its UID), so
 * that the mail behind it is taken. Blocking; runs on its poller's thread ({@link MailboxPollers}).
 */
final class MailboxPoller {

    /** The IMAP keyword of an imported mail in {@code SEEN} mode. */
    static final String IMPORTED_KEYWORD = "$HelpstreamImported";

    /** Polls in a row in which a mail could not be fetched before it is reported and left. */
    static final int MAX_FETCH_ATTEMPTS = 3;

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

    private final MailProperties.Mailbox mailbox;
    private final MailIntake intake;
    private final ImportHook hook;
    private final Session session;
    private final String supportAddress;
    /** Mail reported and left on the server, by {@link #key}: out of every later batch. */
    private final Set<String> leftOnServer = ConcurrentHashMap.newKeySet();

    private final Map<String, Integer> fetchFailures = new ConcurrentHashMap<>();
    private volatile Store current;
    private volatile boolean stopping;
    private volatile Marker announced;

    /**
     * @param hook called around each import (tests make a fetch fail, or stop the poller between
     *     the acknowledgement and the mark, to show that nothing is lost)
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
     * @throws MessagingException when the server cannot be reached, refuses or drops the
     *     connection (nothing was marked that Kafka did not have)
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
            Marks marks = new Marks(marker(folder));
            try {
                for (Waiting waiting : waiting(folder, marks.marker)) {
                    if (stopping) {
                        break;
                    }
                    if (importOne(folder, waiting, rules)) {
                        mark(store, folder, target, waiting.message(), marks);
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

    /** How an imported mail is marked in {@code SEEN} mode, for this folder. */
    private Marker marker(Folder folder) {
        if (!mailbox.protocol().isImap() || mailbox.effectiveAfterImport() != MailProperties.AfterImport.SEEN) {
            return Marker.NONE;
        }
        Flags permanent = folder.getPermanentFlags();
        Marker marker = permanent != null && permanent.contains(Flags.Flag.USER) ? Marker.KEYWORD : Marker.SEEN;
        if (marker != announced) {
            announced = marker;
            if (marker == Marker.KEYWORD) {
                log.info("{}: imported mail is marked with the keyword {}", mailbox.source(), IMPORTED_KEYWORD);
            } else {
                log.warn(
                        "{}: the server keeps no keywords; imported mail is marked \\Seen, so mail opened "
                                + "before the poll is not imported",
                        mailbox.source());
            }
        }
        return marker;
    }

    /** The batch of this poll: the first waiting mails, those already given up on left out. */
    private List<Waiting> waiting(Folder folder, Marker marker) throws MessagingException {
        Message[] all = switch (marker) {
            case KEYWORD -> folder.search(new FlagTerm(new Flags(IMPORTED_KEYWORD), false));
            case SEEN -> folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
            case NONE -> folder.getMessages();
        };
        FetchProfile uids = new FetchProfile();
        uids.add(UIDFolder.FetchProfileItem.UID);
        folder.fetch(all, uids);
        List<Waiting> batch = new ArrayList<>();
        Set<String> present = new HashSet<>();
        for (Message message : all) {
            String key = key(folder, message);
            present.add(key);
            if (batch.size() < mailbox.maxMessagesPerPoll() && !leftOnServer.contains(key)) {
                batch.add(new Waiting(message, key));
            }
        }
        // Mail an operator removed, or marked, is forgotten.
        leftOnServer.retainAll(present);
        fetchFailures.keySet().retainAll(present);
        FetchProfile profile = new FetchProfile();
        profile.add(FetchProfile.Item.SIZE);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add("Message-ID");
        folder.fetch(batch.stream().map(Waiting::message).toArray(Message[]::new), profile);
        return batch;
    }

    /** What names a mail on the server across polls: its UID (POP3: UIDL), else its position. */
    private static String key(Folder folder, Message message) throws MessagingException {
        if (folder instanceof IMAPFolder imap) {
            long uid = imap.getUID(message);
            if (uid >= 0) {
                return "uid:" + imap.getUIDValidity() + ":" + uid;
            }
        } else if (folder instanceof POP3Folder pop3) {
            String uid = pop3.getUID(message);
            if (uid != null) {
                return "uidl:" + uid;
            }
        }
        return "#" + message.getMessageNumber();
    }

    /**
     * Imports one mail; false when it was left on the server (too large, not fetched, gone).
     *
     * @throws MessagingException when the connection was lost
     * @throws MailNotStoredException when Kafka or the blob store failed
     */
    private boolean importOne(Folder folder, Waiting waiting, MailRules rules) throws MessagingException {
        Message message = waiting.message();
        try {
            if (message.isExpunged() || message.isSet(Flags.Flag.DELETED)) {
                return false;
            }
            int size = message.getSize();
            if (size > rules.maxEmailBytes()) {
                reportTooLarge(waiting, size, rules.maxEmailBytes());
                return false;
            }
            StoredMail raw;
            try {
                raw = intake.store(out -> fetch(message, out), rules.maxEmailBytes());
            } catch (RawMailStore.MailTooLargeException tooLarge) {
                reportTooLarge(waiting, size, rules.maxEmailBytes());
                return false;
            } catch (FetchFailedException failed) {
                throw failed.getCause() instanceof MessagingException cause
                        ? cause
                        : new MessagingException(failed.getMessage(), failed);
            } catch (IOException storage) {
                throw new MailNotStoredException("the blob store failed: " + storage.getMessage(), storage);
            }
            fetchFailures.remove(waiting.key());
            Envelope envelope = new Envelope(mailbox.source(), null, List.of(supportAddress), null, intake.now());
            MailIntake.Delivery delivery = intake.deliver(raw, envelope, rules);
            hook.imported(delivery.messageId());
            return true;
        } catch (MessageRemovedException gone) {
            // Deleted by another client since the batch was read: nothing to import.
            return false;
        } catch (MessagingException failed) {
            if (connectionLost(folder, failed)) {
                throw failed;
            }
            fetchFailed(waiting, failed);
            return false;
        }
    }

    /** Writes the mail's bytes to {@code out}; a failure to read them is a {@link FetchFailedException}. */
    private void fetch(Message message, OutputStream out) throws IOException {
        WriteFailures target = new WriteFailures(out);
        try {
            hook.fetching(message);
            message.writeTo(target);
        } catch (MessagingException e) {
            throw new FetchFailedException(e);
        } catch (IOException e) {
            if (target.failed) {
                // The blob store's side (or the size limit): not the server's.
                throw e;
            }
            throw new FetchFailedException(e);
        }
    }

    private static boolean connectionLost(Folder folder, Exception failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FolderClosedException || cause instanceof StoreClosedException) {
                return true;
            }
        }
        return !folder.isOpen();
    }

    private void fetchFailed(Waiting waiting, MessagingException failure) {
        int attempts = fetchFailures.merge(waiting.key(), 1, Integer::sum);
        log.warn(
                "Could not fetch a mail ({}) from {}, attempt {} of {}: {}",
                waiting.key(),
                mailbox.source(),
                attempts,
                MAX_FETCH_ATTEMPTS,
                failure.getMessage());
        if (attempts >= MAX_FETCH_ATTEMPTS) {
            leave(
                    waiting,
                    "fetch-failed",
                    "the mail could not be fetched from the server (" + attempts + " attempts: " + failure.getMessage()
                            + "); it was left on the server",
                    Map.of());
            fetchFailures.remove(waiting.key());
        }
    }

    private void reportTooLarge(Waiting waiting, int size, long maxBytes) {
        leave(
                waiting,
                "oversized",
                "the mail is larger than " + maxBytes + " bytes; it was left on the server",
                Map.of("helpstream.size-bytes", Integer.toString(size)));
        log.warn(
                "A mail of {} bytes in {} is over the limit of {}; left on the server",
                size,
                mailbox.source(),
                maxBytes);
    }

    /** Reports a mail left on the server, once per process, and leaves it out of later batches. */
    private void leave(Waiting waiting, String kind, String reason, Map<String, String> more) {
        if (leftOnServer.contains(waiting.key())) {
            return;
        }
        Message message = waiting.message();
        Map<String, String> details = new LinkedHashMap<>(more);
        header(message, "Subject").ifPresent(subject -> details.put("helpstream.subject", subject));
        header(message, "From").ifPresent(from -> details.put("helpstream.from", from));
        String messageId = header(message, "Message-ID")
                .map(MailHeaders::ids)
                .filter(ids -> !ids.isEmpty())
                .map(ids -> ids.get(0))
                .orElse(kind + "-" + mailbox.source() + "#" + waiting.key());
        intake.reportNotTaken(messageId, reason, mailbox.source(), details);
        // Only once Kafka has the report: a failed report is tried again at the next poll.
        leftOnServer.add(waiting.key());
    }

    /** A header of a mail that may not be readable, decoded on one line. */
    private static Optional<String> header(Message message, String name) {
        try {
            String[] values = message.getHeader(name);
            return values == null || values.length == 0
                    ? Optional.empty()
                    : Optional.of(MailHeaders.clean(MailHeaders.decode(values[0])));
        } catch (MessagingException | RuntimeException unreadable) {
            return Optional.empty();
        }
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
            case SEEN -> {
                Flags imported = new Flags(Flags.Flag.SEEN);
                if (marks.marker == Marker.KEYWORD) {
                    imported.add(IMPORTED_KEYWORD);
                }
                message.setFlags(imported, true);
            }
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

    /** What marks a mail imported in this folder: the keyword, \Seen, or nothing (moved, deleted). */
    private enum Marker {
        KEYWORD,
        SEEN,
        NONE
    }

    /** A mail of the batch and its {@link #key}. */
    private record Waiting(Message message, String key) {}

    /** What one poll marked, and how. */
    private static final class Marks {
        private final Marker marker;
        private int imported;
        private boolean expunge;

        Marks(Marker marker) {
            this.marker = marker;
        }
    }

    /** A mail's bytes could not be read from the server. */
    private static final class FetchFailedException extends IOException {
        FetchFailedException(Exception cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Remembers whether writing failed, which is the blob store's failure rather than the server's. */
    private static final class WriteFailures extends FilterOutputStream {
        private boolean failed;

        WriteFailures(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            try {
                out.write(bytes, offset, length);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }

    /** Called around each import; {@link #NONE} in production. */
    @FunctionalInterface
    interface ImportHook {
        ImportHook NONE = messageId -> {};

        /** Called once a mail's record is acknowledged, before the mail is marked on the server. */
        void imported(String messageId);

        /** Called before a mail's bytes are fetched; throwing stands for a server that cannot send them. */
        default void fetching(Message message) throws MessagingException {}
    }
}
