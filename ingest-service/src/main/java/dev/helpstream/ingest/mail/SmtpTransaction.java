package dev.helpstream.ingest.mail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.Session;

/**
 * One SMTP mail transaction (MAIL FROM, RCPT TO…, DATA) on the listener.
 *
 * <p>MAIL FROM with a declared {@code SIZE} over the helpdesk's live {@code maxEmailBytes} is refused
 * with {@code 552 5.3.4}. RCPT TO names a support address of the live configuration (any case) or
 * is refused with {@code 550 5.1.1}; a repeated address counts once. DATA is streamed to the blob
 * store, counted against {@code maxEmailBytes}: past it the rest is read and dropped and the answer
 * is {@code 552 5.3.4}. The mail then becomes one inbound message whatever the number of support
 * recipients (the first in RCPT order is its {@code recipientAddress}; all are listed in a header),
 * and {@code 250} is answered only once Kafka has acknowledged it; if Kafka or the blob store fails,
 * the answer is {@code 451 4.3.0} so that the sending server keeps the mail and tries again.
 * Runs on the SMTP session's thread.
 */
final class SmtpTransaction implements MessageHandler {

    private static final Logger log = LoggerFactory.getLogger(SmtpTransaction.class);
    private static final String SOURCE = "smtp";

    private final MailIntake intake;
    private final MessageContext context;
    private final String clientIp;
    private final List<String> recipients = new ArrayList<>();
    private String sender = "";

    SmtpTransaction(MailIntake intake, MessageContext context) {
        this.intake = intake;
        this.context = context;
        this.clientIp = context.getRemoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
                ? remote.getAddress().getHostAddress()
                : null;
    }

    @Override
    public void from(String from) throws RejectException {
        // The server itself has no limit (SmtpListener): the live one is checked here.
        long maxBytes = intake.rules().maxEmailBytes();
        if (context instanceof Session session && session.getDeclaredMessageSize() > maxBytes) {
            intake.countRefused(SOURCE, "too-large");
            throw tooLarge(maxBytes);
        }
        // An empty reverse path (<>) is a bounce's: kept as "", the parser reads it so.
        sender = from == null ? "" : from.strip();
    }

    @Override
    public void recipient(String recipient) throws RejectException {
        String address = recipient.strip().toLowerCase(Locale.ROOT);
        if (!intake.isSupportAddress(address)) {
            intake.countRefused(SOURCE, "unknown-recipient");
            throw new RejectException(550, "5.1.1 <" + recipient + ">: not a support address of this helpdesk");
        }
        if (!recipients.contains(address)) {
            recipients.add(address);
        }
    }

    @Override
    public String data(InputStream data) throws RejectException, IOException {
        MailRules rules = intake.rules();
        StoredMail raw;
        try {
            raw = intake.store(data, rules.maxEmailBytes());
        } catch (RawMailStore.MailTooLargeException tooLarge) {
            // The client sends the whole message before it reads an answer: read it to its end,
            // keeping nothing, so that the session stays in step.
            data.transferTo(OutputStream.nullOutputStream());
            intake.countRefused(SOURCE, "too-large");
            throw tooLarge(tooLarge.maxBytes());
        } catch (IOException | RuntimeException failed) {
            log.warn("Could not store a mail from {} ({}): {}", sender, clientIp, failed.toString());
            throw new RejectException(451, "4.3.0 The message could not be stored; try again later");
        }
        Envelope envelope = new Envelope(SOURCE, sender, recipients, clientIp, intake.now());
        try {
            MailIntake.Delivery delivery = intake.deliver(raw, envelope, rules);
            return "2.0.0 Ok: queued as " + delivery.messageId();
        } catch (RuntimeException failed) {
            log.warn("Could not write a mail from {} ({}) to Kafka: {}", sender, clientIp, failed.toString());
            throw new RejectException(451, "4.3.0 The message could not be stored; try again later");
        }
    }

    private static RejectException tooLarge(long maxBytes) {
        return new RejectException(552, "5.3.4 Message size exceeds the maximum of " + maxBytes + " bytes");
    }

    @Override
    public void done() {
        // Nothing to release: a stored mail is content-addressed and kept.
    }
}
