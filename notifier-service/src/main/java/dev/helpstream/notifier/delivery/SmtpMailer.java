package dev.helpstream.notifier.delivery;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * Sends messages through the configured SMTP relay, one connection per message, and says whether a
 * failure is worth retrying: 4xx replies, refused connections and timeouts are transient, 5xx replies
 * are permanent.
 *
 * <p>Recipients are sent partially: when the relay accepts some recipients and refuses others, the
 * message goes to those it accepted and the send counts as done (the refused ones are reported),
 * because retrying would send it a second time to everyone who got it.
 */
final class SmtpMailer {

    private final DeliveryProperties.Smtp settings;
    private final Session session;
    private final String protocol;

    SmtpMailer(DeliveryProperties.Smtp settings) {
        this.settings = settings;
        this.protocol = settings.ssl() ? "smtps" : "smtp";
        this.session = Session.getInstance(sessionProperties(settings, protocol));
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
        Transport transport = null;
        try {
            transport = session.getTransport(protocol);
            if (settings.authenticates()) {
                transport.connect(settings.host(), settings.port(), settings.username(), settings.password());
            } else {
                transport.connect(settings.host(), settings.port(), null, null);
            }
            transport.sendMessage(message, message.getAllRecipients());
            return "";
        } catch (SendFailedException e) {
            Address[] sent = e.getValidSentAddresses();
            if (sent != null && sent.length > 0) {
                return "refused by the relay: " + list(e.getInvalidAddresses()) + list(e.getValidUnsentAddresses())
                        + " (" + describe(e) + ")";
            }
            throw classify(e);
        } catch (AuthenticationFailedException e) {
            // The relay's credentials are configuration: fixing them makes the retry succeed.
            throw DeliveryFailure.transientFailure(
                    "SMTP authentication failed at " + relay() + ": " + e.getMessage(), e);
        } catch (MessagingException e) {
            throw classify(e);
        } finally {
            closeQuietly(transport);
        }
    }

    /** The message was accepted once DATA is answered; a failing QUIT must not make it a failure. */
    private static void closeQuietly(Transport transport) {
        if (transport == null) {
            return;
        }
        try {
            transport.close();
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
            int found = -1;
            if (next instanceof SMTPSendFailedException failed) {
                found = failed.getReturnCode();
            } else if (next instanceof SMTPSenderFailedException failed) {
                found = failed.getReturnCode();
            } else if (next instanceof SMTPAddressFailedException failed) {
                found = failed.getReturnCode();
            }
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
        properties.setProperty(
                prefix + "starttls.enable", Boolean.toString(settings.starttls() || settings.starttlsRequired()));
        properties.setProperty(prefix + "starttls.required", Boolean.toString(settings.starttlsRequired()));
        properties.setProperty(prefix + "ssl.checkserveridentity", "true");
        if (settings.envelopeFrom() != null && !settings.envelopeFrom().isBlank()) {
            properties.setProperty(prefix + "from", settings.envelopeFrom());
        }
        return properties;
    }
}
