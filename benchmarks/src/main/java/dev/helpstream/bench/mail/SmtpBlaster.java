package dev.helpstream.bench.mail;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends mails to an SMTP server as fast as it takes them: the benchmark's email intake load.
 *
 * <p>{@code K} connections, each on its own thread and plain socket (no mail library, so that the
 * client is never the bottleneck), take the mails from one shared queue in index order. Per
 * connection: the greeting, EHLO, then for each mail MAIL FROM, RCPT TO, DATA and the dot-stuffed
 * content, one command and one reply at a time, on the same connection; QUIT at the end.
 *
 * <p>A mail is <em>accepted</em> when the server answers {@code 250} to the final dot; its
 * {@link System#nanoTime()} at that moment is recorded. A negative reply at any step ({@code 4xx}
 * or {@code 5xx}) <em>refuses</em> that mail: it is counted, the transaction is reset and the
 * connection goes on with the next mail. Every mail is either accepted or refused, never both, never
 * sent twice. An I/O error, a server that closes ({@code 421}) or the timeout ends the whole send
 * with an {@link UncheckedIOException} naming the last reply seen.
 */
public final class SmtpBlaster {

    private static final Logger log = LoggerFactory.getLogger(SmtpBlaster.class);
    private static final int KEPT_REFUSALS = 10;
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_LINE_BYTES = 998;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.US);

    private SmtpBlaster() {}

    /**
     * Sends {@code mails} to {@code host:port} over {@code connections} connections (at most one per
     * mail) and waits for every answer.
     *
     * @param timeout the time the whole send may take, connecting included
     * @throws UncheckedIOException if a connection fails or the timeout passes; the connections are
     *     closed first
     */
    public static BlastResult send(String host, int port, int connections, List<OutgoingMail> mails, Duration timeout) {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, not " + connections);
        }
        if (mails.isEmpty()) {
            return new BlastResult(0, 0, 0, 0, new long[0], List.of());
        }
        Blast blast = new Blast(host, port, mails, timeout);
        return blast.run(Math.min(connections, mails.size()));
    }

    /**
     * A plain text RFC 5322 mail, CRLF throughout: Date, From, To, Subject, Message-ID,
     * MIME-Version, Content-Type {@code text/plain; charset=UTF-8} and a 7bit transfer encoding
     * (8bit if the body is not ASCII). A subject that is not ASCII is written as RFC 2047 encoded
     * words; a Message-ID without angle brackets gets them.
     *
     * @throws IllegalArgumentException if a header value holds a line break or a body line is longer
     *     than 998 bytes
     */
    public static byte[] message(String from, String to, String subject, String messageId, String body) {
        String id = messageId.startsWith("<") ? messageId : "<" + messageId + ">";
        String text = normalizeLineBreaks(body);
        StringBuilder mail = new StringBuilder(text.length() + 400);
        header(mail, "Date", DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
        header(mail, "From", from);
        header(mail, "To", to);
        header(mail, "Subject", encodeIfNeeded(subject));
        header(mail, "Message-ID", id);
        header(mail, "MIME-Version", "1.0");
        header(mail, "Content-Type", "text/plain; charset=UTF-8");
        header(mail, "Content-Transfer-Encoding", isAscii(text) ? "7bit" : "8bit");
        mail.append("\r\n").append(text);
        byte[] bytes = mail.toString().getBytes(StandardCharsets.UTF_8);
        checkLineLengths(bytes);
        return bytes;
    }

    /**
     * A body of about 1 KB (a few lines of text under 80 characters) whose first line is {@code
     * firstLine}: the size of a typical short support mail.
     */
    public static String sampleBody(String firstLine) {
        StringBuilder body = new StringBuilder(1100).append(firstLine).append("\r\n\r\n");
        String filler = "Our site has answered with errors since this morning; the logs show timeouts.";
        while (body.length() < 1000) {
            body.append(filler).append("\r\n");
        }
        return body.append("\r\nThanks,\r\nA customer\r\n").toString();
    }

    private static void header(StringBuilder mail, String name, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("The " + name + " header may not hold a line break: " + value);
        }
        mail.append(name).append(": ").append(value).append("\r\n");
    }

    private static String normalizeLineBreaks(String body) {
        String crlf = body.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        return crlf.endsWith("\r\n") || crlf.isEmpty() ? crlf : crlf + "\r\n";
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 127) {
                return false;
            }
        }
        return true;
    }

    /** RFC 2047 B words of at most 45 UTF-8 bytes each (75 characters encoded), on folded lines. */
    private static String encodeIfNeeded(String subject) {
        if (isAscii(subject)) {
            return subject;
        }
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int chunkBytes = 0;
        for (int i = 0; i < subject.length(); ) {
            int codePoint = subject.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            int bytes = character.getBytes(StandardCharsets.UTF_8).length;
            if (chunkBytes + bytes > 45) {
                words.add(encodedWord(chunk.toString()));
                chunk.setLength(0);
                chunkBytes = 0;
            }
            chunk.append(character);
            chunkBytes += bytes;
            i += Character.charCount(codePoint);
        }
        words.add(encodedWord(chunk.toString()));
        return String.join(" ", words);
    }

    private static String encodedWord(String text) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static void checkLineLengths(byte[] mail) {
        int lineStart = 0;
        for (int i = 0; i < mail.length; i++) {
            if (mail[i] == '\n') {
                if (i - 1 - lineStart > MAX_LINE_BYTES) {
                    throw new IllegalArgumentException(
                            "A line of " + (i - 1 - lineStart) + " bytes: RFC 5322 allows at most " + MAX_LINE_BYTES);
                }
                lineStart = i + 1;
            }
        }
    }

    /**
     * One mail to send.
     *
     * @param from the envelope sender (MAIL FROM), "" for the null reverse path
     * @param to the one envelope recipient (RCPT TO)
     * @param rfc822 the mail as sent, headers and body, CRLF line breaks, not dot-stuffed
     */
    public record OutgoingMail(String from, String to, byte[] rfc822) {

        public OutgoingMail {
            Objects.requireNonNull(rfc822, "rfc822");
            for (String address : List.of(from, to)) {
                if (address.indexOf('\r') >= 0 || address.indexOf('\n') >= 0 || address.indexOf('>') >= 0) {
                    throw new IllegalArgumentException("Not an envelope address: " + address);
                }
            }
        }
    }

    /**
     * What a send did.
     *
     * @param sent how many mails were accepted
     * @param refused how many were refused; {@code sent + refused} is the number of mails
     * @param firstSendNanos {@link System#nanoTime()} when the first MAIL FROM was written (after the
     *     connections' greeting and EHLO); 0 if there were no mails
     * @param lastAcceptedNanos the latest acceptance time; 0 if none was accepted
     * @param acceptedNanos per mail index, when its final dot was answered {@code 250}; 0 if refused
     * @param refusals the first ten refusals, each naming the mail index, its recipient and the reply
     */
    public record BlastResult(
            int sent,
            int refused,
            long firstSendNanos,
            long lastAcceptedNanos,
            long[] acceptedNanos,
            List<String> refusals) {}

    /** The shared state of one send: the queue position, the results and the open connections. */
    private static final class Blast {

        private final String host;
        private final int port;
        private final List<OutgoingMail> mails;
        private final Duration timeout;
        private final long deadline;
        private final AtomicInteger next = new AtomicInteger();
        private final long[] acceptedNanos;
        private final AtomicInteger sent = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final AtomicLong firstSend = new AtomicLong(Long.MAX_VALUE);
        private final List<String> refusals = new ArrayList<>(KEPT_REFUSALS);
        private final List<SmtpConnection> open = new CopyOnWriteArrayList<>();

        Blast(String host, int port, List<OutgoingMail> mails, Duration timeout) {
            this.host = host;
            this.port = port;
            this.mails = mails;
            this.timeout = timeout;
            this.deadline = System.nanoTime() + timeout.toNanos();
            this.acceptedNanos = new long[mails.size()];
        }

        BlastResult run(int connections) {
            AtomicInteger threads = new AtomicInteger();
            ExecutorService executor = Executors.newFixedThreadPool(connections, task -> {
                Thread thread = new Thread(task, "smtp-blaster-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
            try {
                ExecutorCompletionService<Void> done = new ExecutorCompletionService<>(executor);
                for (int i = 0; i < connections; i++) {
                    done.submit(this::connection, null);
                }
                for (int i = 0; i < connections; i++) {
                    awaitOne(done);
                }
            } finally {
                abort();
                executor.shutdownNow();
            }
            long last = 0;
            for (long accepted : acceptedNanos) {
                last = Math.max(last, accepted);
            }
            log.debug("Sent {} mails to {}:{}, {} refused", sent.get(), host, port, refused.get());
            List<String> kept;
            synchronized (refusals) {
                kept = List.copyOf(refusals);
            }
            return new BlastResult(sent.get(), refused.get(), firstSend.get(), last, acceptedNanos, kept);
        }

        private void awaitOne(ExecutorCompletionService<Void> done) {
            try {
                // The connections time out by themselves, naming the reply they waited after; the
                // grace only catches one stuck in a write to a server that stopped reading.
                long wait = deadline + GRACE_NANOS - System.nanoTime();
                Future<Void> finished = done.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                if (finished == null) {
                    throw timedOut();
                }
                finished.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new InterruptedIOException("Interrupted while sending mails"));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException io) {
                    throw io;
                }
                throw new IllegalStateException("A blaster connection failed", cause);
            }
        }

        private UncheckedIOException timedOut() {
            return new UncheckedIOException(new SocketTimeoutException("Only " + (sent.get() + refused.get()) + " of "
                    + mails.size() + " mails were answered by " + host + ":" + port + " within " + timeout));
        }

        private void abort() {
            for (SmtpConnection connection : open) {
                try {
                    connection.close();
                } catch (IOException e) {
                    log.debug("Closing an SMTP connection: {}", e.toString());
                }
            }
        }

        /** One connection's life: sends mails off the queue until it is empty. */
        private void connection() {
            SmtpConnection smtp;
            try {
                smtp = SmtpConnection.open(host, port, deadline);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot connect to SMTP at " + host + ":" + port + ": " + e, e);
            }
            open.add(smtp);
            try (smtp) {
                expect(smtp.readReply(), 220, "greeting");
                expect(smtp.command("EHLO helpstream-benchmark"), 250, "EHLO");
                boolean first = true;
                for (int index = next.getAndIncrement(); index < mails.size(); index = next.getAndIncrement()) {
                    if (System.nanoTime() - deadline > 0) {
                        throw timedOut();
                    }
                    if (first) {
                        firstSend.accumulateAndGet(System.nanoTime(), Math::min);
                        first = false;
                    }
                    sendOne(smtp, index);
                }
                quit(smtp);
            } catch (IOException e) {
                SmtpConnection.Reply last = smtp.lastReply();
                throw new UncheckedIOException(
                        "SMTP to " + host + ":" + port + " failed" + (last == null ? "" : " after '" + last + "'")
                                + ": " + e.getMessage(),
                        e);
            }
        }

        /** Every mail has had its answer: a server that drops the connection at QUIT loses nothing. */
        private static void quit(SmtpConnection smtp) {
            try {
                smtp.command("QUIT");
            } catch (IOException e) {
                log.debug("QUIT was not answered: {}", e.toString());
            }
        }

        /** Sends mail {@code index}: accepted, or refused and the transaction reset. */
        private void sendOne(SmtpConnection smtp, int index) throws IOException {
            OutgoingMail mail = mails.get(index);
            SmtpConnection.Reply reply = smtp.command("MAIL FROM:<" + mail.from() + ">");
            if (!reply.positive()) {
                refuse(smtp, index, reply, true);
                return;
            }
            reply = smtp.command("RCPT TO:<" + mail.to() + ">");
            if (!reply.positive()) {
                refuse(smtp, index, reply, true);
                return;
            }
            reply = smtp.command("DATA");
            if (reply.code() != 354) {
                refuse(smtp, index, reply, true);
                return;
            }
            reply = smtp.data(mail.rfc822());
            if (reply.code() != 250) {
                // The final dot ends the transaction whatever its answer: nothing to reset.
                refuse(smtp, index, reply, false);
                return;
            }
            acceptedNanos[index] = System.nanoTime();
            sent.incrementAndGet();
        }

        private void refuse(SmtpConnection smtp, int index, SmtpConnection.Reply reply, boolean reset)
                throws IOException {
            if (reply.code() == 421) {
                throw new IOException("The server is closing the connection: " + reply);
            }
            refused.incrementAndGet();
            synchronized (refusals) {
                if (refusals.size() < KEPT_REFUSALS) {
                    refusals.add("mail " + index + " to " + mails.get(index).to() + ": " + reply);
                }
            }
            if (reset) {
                SmtpConnection.Reply rset = smtp.command("RSET");
                expect(rset, 250, "RSET");
            }
        }

        private static void expect(SmtpConnection.Reply reply, int code, String step) throws IOException {
            if (reply.code() != code) {
                throw new IOException("Expected " + code + " to " + step + ", got '" + reply + "'");
            }
        }
    }
}
