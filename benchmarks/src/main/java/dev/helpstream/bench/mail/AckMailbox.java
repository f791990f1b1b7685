package dev.helpstream.bench.mail;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The benchmark's mail sink: a local SMTP server that the notifier relays to, recording when each
 * mail arrives for whom.
 *
 * <p>Every mail for any recipient is accepted ({@code 250}), except for recipients matched by
 * {@link #refuse}, which get {@code 550} at RCPT TO. For each accepted mail and each of its
 * distinct recipients (lower-case), one {@link Arrival} is recorded: {@link System#nanoTime()} once
 * the whole DATA has been read, and the Subject and Message-ID read from the header block alone (no
 * MIME parsing, so that thousands of mails a second cost little). Arrivals are recorded before the
 * {@link #onArrival} listeners run and before {@code 250} is answered, and {@link #messages()}
 * counts a mail once whatever its number of recipients.
 *
 * <p>Thread-safe: each SMTP connection runs on its own thread, up to {@value #MAX_CONNECTIONS} at
 * once.
 */
public final class AckMailbox implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AckMailbox.class);

    /** Enough for every deliverer of the notifier plus a client of the benchmark's own. */
    static final int MAX_CONNECTIONS = 64;

    private final Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
    private final AtomicInteger messages = new AtomicInteger();
    private final Object arrived = new Object();
    private final List<BiConsumer<String, Arrival>> arrivalListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<byte[]>> rawListeners = new CopyOnWriteArrayList<>();
    private volatile Predicate<String> refused = recipient -> false;
    private final SMTPServer server;

    private AckMailbox(int port) {
        this.server = SMTPServer.port(port)
                .hostName("ack-mailbox")
                .softwareName("Helpstream benchmark mailbox")
                .serverThreadName("ack-mailbox")
                .messageHandlerFactory(Transaction::new)
                // The mails are read as sent: no Received header to skip before the real ones.
                .insertReceivedHeaders(false)
                .maxConnections(MAX_CONNECTIONS)
                .build();
    }

    /**
     * Starts a mailbox listening on {@code port} (0 for a free one).
     *
     * @throws IllegalStateException if the port cannot be bound
     */
    public static AckMailbox start(int port) {
        AckMailbox mailbox = new AckMailbox(port);
        mailbox.server.start();
        log.info("Acknowledgement mailbox listening on port {}", mailbox.port());
        return mailbox;
    }

    /** The port the mailbox listens on. */
    public int port() {
        return server.getPortAllocated();
    }

    /**
     * Refuses ({@code 550 5.1.1} at RCPT TO) the recipients that {@code recipient} matches, from the
     * next RCPT on; the predicate is given the lower-case address. Replaces an earlier predicate.
     */
    public void refuse(Predicate<String> recipient) {
        this.refused = recipient;
    }

    /**
     * Calls {@code listener} with the lower-case recipient and the arrival, once per recipient of
     * each accepted mail, on the SMTP connection's thread, before the mail is answered. It must be
     * quick; an exception it throws is logged and the mail is still accepted.
     */
    public void onArrival(BiConsumer<String, Arrival> listener) {
        arrivalListeners.add(listener);
    }

    /**
     * Calls {@code listener} with the bytes of each accepted mail as the sender meant them (dot
     * stuffing undone), once per mail, on the SMTP connection's thread.
     */
    public void onRawMessage(Consumer<byte[]> listener) {
        rawListeners.add(listener);
    }

    /** The arrivals for {@code recipient} (any case) in the order they came; empty if none. */
    public List<Arrival> arrivals(String recipient) {
        List<Arrival> recorded = arrivals.get(normalize(recipient));
        if (recorded == null) {
            return List.of();
        }
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    /** How many mails were accepted, each counted once whatever its number of recipients. */
    public int messages() {
        return messages.get();
    }

    /** How many distinct recipients have at least one arrival. */
    public int recipients() {
        return arrivals.size();
    }

    /**
     * Waits until at least {@code n} mails have been accepted.
     *
     * @return whether they were within {@code timeout}
     */
    public boolean awaitMessages(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (arrived) {
            while (messages.get() < n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(arrived, left);
            }
            return true;
        }
    }

    /** Stops listening; connections in progress are closed. */
    @Override
    public void close() {
        server.stop();
        log.info("Acknowledgement mailbox stopped after {} mails", messages.get());
    }

    private static String normalize(String address) {
        return address.strip().toLowerCase(Locale.ROOT);
    }

    private void accept(List<String> recipients, byte[] mail, long nanoTime) {
        int headerEnd = MailHeaders.headerEnd(mail);
        Arrival arrival = new Arrival(
                nanoTime,
                MailHeaders.value(mail, headerEnd, "Subject"),
                MailHeaders.value(mail, headerEnd, "Message-ID"));
        for (String recipient : recipients) {
            List<Arrival> recorded = arrivals.computeIfAbsent(recipient, r -> new ArrayList<>(1));
            synchronized (recorded) {
                recorded.add(arrival);
            }
        }
        messages.incrementAndGet();
        synchronized (arrived) {
            arrived.notifyAll();
        }
        for (String recipient : recipients) {
            for (BiConsumer<String, Arrival> listener : arrivalListeners) {
                try {
                    listener.accept(recipient, arrival);
                } catch (RuntimeException e) {
                    log.warn("An arrival listener failed for {}: {}", recipient, e.toString(), e);
                }
            }
        }
        for (Consumer<byte[]> listener : rawListeners) {
            try {
                listener.accept(mail);
            } catch (RuntimeException e) {
                log.warn("A raw message listener failed: {}", e.toString(), e);
            }
        }
    }

    /**
     * One mail as it reached the mailbox.
     *
     * @param nanoTime {@link System#nanoTime()} when the end of its DATA had been read
     * @param subject its Subject header, unfolded and decoded; null if it has none
     * @param messageId its Message-ID header as sent (angle brackets included), trimmed; null if it
     *     has none
     */
    public record Arrival(long nanoTime, String subject, String messageId) {}

    /** One SMTP transaction: the recipients it names, then its data. */
    private final class Transaction implements MessageHandler {

        private final List<String> recipients = new ArrayList<>(1);

        Transaction(MessageContext context) {
            // Nothing of the session is needed: the mailbox takes mail from anyone.
        }

        @Override
        public void from(String from) {
            // Any sender, the null reverse path included.
        }

        @Override
        public void recipient(String recipient) throws RejectException {
            String address = normalize(recipient);
            if (refused.test(address)) {
                throw new RejectException(550, "5.1.1 <" + recipient + ">: refused by this mailbox");
            }
            if (!recipients.contains(address)) {
                recipients.add(address);
            }
        }

        @Override
        public String data(InputStream data) throws IOException {
            byte[] mail = data.readAllBytes();
            long nanoTime = System.nanoTime();
            accept(recipients, mail, nanoTime);
            return "2.0.0 Ok";
        }

        @Override
        public void done() {
            // Nothing held.
        }
    }
}
