package dev.helpstream.launcher;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Mail as the journeys send and read it: SMTP into the stack, IMAP out of the demo mail sink. */
final class SinkMail {

    private SinkMail() {}

    /** A plain-text mail from {@code name <from>} to {@code to}. */
    static MimeMessage mail(String from, String name, String to, String subject, String text)
            throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from, name));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject, "UTF-8");
        message.setText(text, "UTF-8");
        return message;
    }

    /** Sends over SMTP to localhost:{@code port}, keeping a Message-ID the test set. */
    static void send(MimeMessage message, int port) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "localhost");
        properties.put("mail.smtp.port", String.valueOf(port));
        Session session = Session.getInstance(properties);
        // Keep the Message-ID set by the test: saveChanges would replace it.
        String messageId = message.getHeader("Message-ID", null);
        message.saveChanges();
        if (messageId != null) {
            message.setHeader("Message-ID", messageId);
        }
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect();
            transport.sendMessage(message, message.getAllRecipients());
        }
    }

    /** A received mail, as the tests look at it. */
    record Received(
            String subject,
            String fromName,
            String messageId,
            String inReplyTo,
            String references,
            String text,
            Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Every mail in {@code address}'s inbox on the demo mail sink (IMAP); none before its first mail. */
    static List<Received> inbox(int imapPort, String address) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.imap.host", "localhost");
        properties.put("mail.imap.port", String.valueOf(imapPort));
        Session session = Session.getInstance(properties);
        List<Received> received = new ArrayList<>();
        try (Store store = session.getStore("imap")) {
            try {
                store.connect(address, "any password");
            } catch (jakarta.mail.AuthenticationFailedException noMailboxYet) {
                return received;
            }
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message message : inbox.getMessages()) {
                MimeMessage mime = (MimeMessage) message;
                Map<String, String> headers = new java.util.HashMap<>();
                java.util.Collections.list(mime.getAllHeaders())
                        .forEach(header ->
                                headers.put(header.getName().toLowerCase(java.util.Locale.ROOT), header.getValue()));
                InternetAddress from = (InternetAddress) mime.getFrom()[0];
                received.add(new Received(
                        mime.getSubject(),
                        from.getPersonal(),
                        mime.getMessageID(),
                        mime.getHeader("In-Reply-To", null),
                        mime.getHeader("References", " "),
                        text(mime),
                        headers));
            }
            inbox.close(false);
        }
        return received;
    }

    static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return ((String) part.getContent()).replace("\r\n", "\n");
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                String text = text(multipart.getBodyPart(i));
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }
}
