package dev.helpstream.notifier.delivery;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages through the configured SMTP relay over connections it keeps open, and says whether
 * a failure is worth retrying: 4xx replies, refused connections and timeouts are transient, 5xx
 * replies are permanent.
 *
 * <p>Connections: a sender borrows an open connection (a new one when none is idle) and gives it
 * back after the message, so each listener thread sends message after message over the same SMTP
 * session (MAIL FROM, RCPT TO, DATA again, with no new TCP and TLS handshake, greeting and login);
 * after a refusal Jakarta Mail resets the session with RSET and it stays usable. A connection is
 * closed after {@code maxMessagesPerConnection} messages, and one idle for {@code idleTimeout} is
 * closed instead of used, because relays and NAT gateways drop idle sessions. When a kept
 * connection turns out to be gone anyway (no reply, a {@code 421}, an I/O error) before any of the
 * message's content went out, the relay cannot have accepted the message, so it is sent once more
 * on a new connection; once the content went out the relay may have accepted it, so such a failure
 * is never repeated here but goes to the retry policy like any other. {@link #close()} closes the
 * idle connections; a connection in use is closed when it is given back.
 *
 * <p>Recipients are sent partially: when the relay accepts some recipients and refuses others, the
 * message goes to those it accepted and the send counts as done (the refused ones are reported),
 * because retrying would send it a second time to everyone who got it.
 */
final class SmtpMailer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmtpMailer.class);

    private final DeliveryProperties.Smtp settings;
    private final Session session;
    private final String protocol;
    private final long idleTimeoutNanos;
    /** Open connections nobody uses, the most recently used first. */
    private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();

    private volatile boolean closed;

    SmtpMailer(DeliveryProperties.Smtp settings) {
        MailStreams.nameTheProvider();
        this.settings = settings;
        this.protocol = settings.ssl() ? "smtps" : "smtp";
        this.session = Session.getInstance(sessionProperties(settings, protocol));
        this.idleTimeoutNanos = settings.idleTimeout().toNanos();
    }

    /** The session messages are built in. */
    Session session() {
        return session;
    }

    /** Where mail goes, for logs and health. */
    String relay() {
        return protocol + "://" + settings.host() + ":" + settings.port();
    }

    /**
     * Sends a saved message to all its recipients.
     *
     * @return the recipients the relay refused while it accepted others, or an empty string
     * @throws DeliveryFailure when nobody received the message
     */
    String send(MimeMessage message) {
        Connection connection = borrow();
        try {
            return sendOn(connection, message);
        } catch (MessagingException e) {
            // A connection that is not lost went back to the pool: read its state only when lost.
            if (!connectionLost(e) || !connection.reused || connection.contentSent) {
                throw classify(e);
            }
            log.debug("The SMTP connection to {} was gone ({}); sending on a new one", relay(), describe(e));
        }
        try {
            return sendOn(open(), message);
        } catch (MessagingException e) {
            throw classify(e);
        }
    }

    /** Closes the idle connections; those in use are closed when they are given back. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    /** One attempt on the connection, which is given back unless it is gone. */
    private String sendOn(Connection connection, MimeMessage message) throws MessagingException {
        try {
            String refused = connection.send(message);
            release(connection);
            return refused;
        } catch (MessagingException e) {
            if (connectionLost(e)) {
                closeQuietly(connection);
            } else {
                release(connection);
            }
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private Connection borrow() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (System.nanoTime() - connection.idleSince < idleTimeoutNanos) {
                return connection;
            }
            closeQuietly(connection);
        }
        return open();
    }

    private void release(Connection connection) {
        if (closed || connection.messages >= settings.maxMessagesPerConnection()) {
            closeQuietly(connection);
            return;
        }
        connection.reused = true;
        connection.idleSince = System.nanoTime();
        idle.offerFirst(connection);
        if (closed) {
            // close() ran between the check above and the offer.
            closeIdle();
        }
    }

    private Connection open() {
        Connection connection = new Connection(session, protocol);
        try {
            if (settings.authenticates()) {
                connection.connect(settings.host(), settings.port(), settings.username(), settings.password());
            } else {
                connection.connect(settings.host(), settings.port(), null, null);
            }
            log.debug("Connected to the SMTP relay {}", relay());
            return connection;
        } catch (AuthenticationFailedException e) {
            closeQuietly(connection);
            // The relay's credentials are configuration: fixing them makes the retry succeed.
            throw DeliveryFailure.transientFailure(
                    "SMTP authentication failed at " + relay() + ": " + e.getMessage(), e);
        } catch (MessagingException e) {
            closeQuietly(connection);
            throw classify(e);
        }
    }

    private void closeIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            closeQuietly(connection);
        }
    }

    /**
     * Whether the failure says the connection is gone: an I/O error, no reply at all (the server
     * closed it) or {@code 421} (the server is closing it); not a refusal of this message.
     */
    private static boolean connectionLost(MessagingException e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof IOException) {
                return true;
            }
            int code = smtpReply(t);
            if (code == -1 || code == 421) {
                return true;
            }
        }
        return false;
    }

    /**
     * The reply code an SMTP failure carries (-1 for no reply at all), or -2 when {@code t} is not
     * one of the SMTP reply exceptions.
     */
    private static int smtpReply(Throwable t) {
        if (t instanceof SMTPSendFailedException failed) {
            return failed.getReturnCode();
        } else if (t instanceof SMTPSenderFailedException failed) {
            return failed.getReturnCode();
        } else if (t instanceof SMTPAddressFailedException failed) {
            return failed.getReturnCode();
        }
        return -2;
    }

    private static Throwable next(Throwable t) {
        Throwable next = t instanceof MessagingException messaging ? messaging.getNextException() : t.getCause();
        return next == t ? null : next;
    }

    /** Ends the session (QUIT); the message was accepted once DATA was answered, whatever QUIT does. */
    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (MessagingException e) {
            // Nothing to do: the connection is gone either way.
        }
    }

    private DeliveryFailure classify(MessagingException e) {
        int code = replyCode(e);
        String reason = "SMTP " + relay() + ": " + describe(e);
        if (code >= 500 && code < 600) {
            return DeliveryFailure.permanentFailure(reason, e);
        }
        return DeliveryFailure.transientFailure(reason, e);
    }

    /** The SMTP reply code of the failure, or -1 when the server never answered (network). */
    private static int replyCode(MessagingException e) {
        int code = -1;
        for (Exception next = e; next != null; ) {
            int found = smtpReply(next);
            // Any transient reply makes the whole send transient: a retry can succeed.
            if (found >= 400 && found < 500) {
                return found;
            }
            code = Math.max(code, found);
            next = next instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        return code;
    }

    private static String describe(MessagingException e) {
        StringBuilder reason = new StringBuilder(String.valueOf(e.getMessage()).strip());
        Exception next = e.getNextException();
        int depth = 0;
        while (next != null && depth++ < 5) {
            reason.append("; ").append(String.valueOf(next.getMessage()).strip());
            next = next instanceof MessagingException messaging ? messaging.getNextException() : null;
        }
        return reason.toString();
    }

    private static String list(Address[] addresses) {
        return addresses == null || addresses.length == 0
                ? ""
                : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    private static Properties sessionProperties(DeliveryProperties.Smtp settings, String protocol) {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.setProperty(prefix + "host", settings.host());
        properties.setProperty(prefix + "port", Integer.toString(settings.port()));
        properties.setProperty(
                prefix + "connectiontimeout",
                Long.toString(settings.connectTimeout().toMillis()));
        properties.setProperty(
                prefix + "timeout", Long.toString(settings.timeout().toMillis()));
        properties.setProperty(
                prefix + "writetimeout", Long.toString(settings.timeout().toMillis()));
        properties.setProperty(prefix + "auth", Boolean.toString(settings.authenticates()));
        properties.setProperty(prefix + "sendpartial", "true");
        // Once QUIT is sent the session is over; its reply would only cost a round trip.
        properties.setProperty(prefix + "quitwait", "false");
        properties.setProperty(
                prefix + "starttls.enable", Boolean.toString(settings.starttls() || settings.starttlsRequired()));
        properties.setProperty(prefix + "starttls.required", Boolean.toString(settings.starttlsRequired()));
        properties.setProperty(prefix + "ssl.checkserveridentity", "true");
        if (settings.envelopeFrom() != null && !settings.envelopeFrom().isBlank()) {
            properties.setProperty(prefix + "from", settings.envelopeFrom());
        }
        return properties;
    }

    /**
     * One SMTP session with the relay, used by one sender at a time. It knows whether the current
     * message's content has started to go out (the relay answered DATA), after which a failure may
     * hide an accepted message.
     */
    private static final class Connection extends SMTPTransport {

        /** Messages the relay accepted on this connection. */
        int messages;
        /** Whether it was given back once, so that it may have been closed by the server meanwhile. */
        boolean reused;
        /** When it was last given back ({@link System#nanoTime()}). */
        long idleSince;
        /** Whether the relay answered DATA (or BDAT began) for the current message. */
        boolean contentSent;

        Connection(Session session, String protocol) {
            super(session, new URLName(protocol, null, -1, null, null, null), protocol, "smtps".equals(protocol));
        }

        /**
         * @return the recipients the relay refused while it accepted others, or an empty string
         */
        String send(MimeMessage message) throws MessagingException {
            contentSent = false;
            try {
                sendMessage(message, message.getAllRecipients());
            } catch (SendFailedException e) {
                Address[] sent = e.getValidSentAddresses();
                if (sent == null || sent.length == 0) {
                    throw e;
                }
                messages++;
                return "refused by the relay: " + list(e.getInvalidAddresses()) + list(e.getValidUnsentAddresses())
                        + " (" + describe(e) + ")";
            }
            messages++;
            return "";
        }

        @Override
        protected OutputStream data() throws MessagingException {
            OutputStream content = super.data();
            contentSent = true;
            return content;
        }

        @Override
        protected OutputStream bdat() throws MessagingException {
            // A chunk may go out with the first write: from here on the relay may accept the message.
            contentSent = true;
            return super.bdat();
        }
    }
}
