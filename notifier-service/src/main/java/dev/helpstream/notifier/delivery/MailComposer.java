package dev.helpstream.notifier.delivery;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.support.content.BlobStore;
import jakarta.activation.DataHandler;
import jakarta.activation.DataSource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a planned {@link EmailDelivery} into the MIME message that is sent, exactly as planned:
 * From (address and display name), Reply-To, To, Cc, the UTF-8 Subject, {@code Message-ID:
 * <messageId>} (kept on save, so a resend is recognisable), In-Reply-To, References, the extra
 * headers, the text and HTML bodies as multipart/alternative, inline images next to the HTML
 * (multipart/related) and the attachments (multipart/mixed), streamed from the blob store.
 *
 * <p>Display names and the subject come from people (a customer's name as their mail client
 * wrote it, a ticket's subject): a line break or another control character in them becomes a space,
 * so that neither a header can be injected nor the mail of a whole ticket lost. Anything else that
 * makes the message impossible to send as planned (an invalid address, an extra header with a line
 * break, an attachment missing from the blob store) is a permanent failure: retrying would not
 * change it.
 */
final class MailComposer {

    private static final Logger log = LoggerFactory.getLogger(MailComposer.class);
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    /**
     * Control characters (C0, DEL, C1: CR, LF and NEL included) and the Unicode line and paragraph
     * separators, in runs.
     */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\u2028\\u2029]+");

    /** Headers the composer sets from the delivery's fields; an extra header may not replace them. */
    private static final Set<String> STRUCTURAL = Set.of(
            "from",
            "sender",
            "reply-to",
            "to",
            "cc",
            "bcc",
            "subject",
            "date",
            "message-id",
            "in-reply-to",
            "references",
            "mime-version",
            "content-type",
            "content-transfer-encoding",
            "content-disposition",
            "content-id");

    private final Session session;
    private final BlobStore blobs;
    private final Clock clock;

    MailComposer(Session session, BlobStore blobs, Clock clock) {
        this.session = session;
        this.blobs = blobs;
        this.clock = clock;
    }

    /**
     * The message to send, saved (headers final).
     *
     * @throws DeliveryFailure permanent, when the delivery cannot be sent as planned
     */
    MimeMessage compose(EmailDelivery delivery) {
        return compose(delivery, true);
    }

    /**
     * The RFC 5322 bytes of the message for a dead letter: with its attachments when they exist and
     * the whole stays within {@code limit} bytes, else without them; null when even that fails.
     */
    byte[] renderForDeadLetter(EmailDelivery delivery, long limit) {
        try {
            byte[] full = render(compose(delivery, true));
            if (full.length <= limit) {
                return full;
            }
        } catch (RuntimeException e) {
            log.debug("Dead letter of {} rendered without attachments: {}", delivery.getDeliveryId(), e.toString());
        }
        try {
            byte[] bare = render(compose(delivery, false));
            return bare.length <= limit ? bare : null;
        } catch (RuntimeException e) {
            log.warn("Could not render the dead letter of {}: {}", delivery.getDeliveryId(), e.toString());
            return null;
        }
    }

    private MimeMessage compose(EmailDelivery delivery, boolean withAttachments) {
        try {
            MimeMessage message = new PlannedMessage(session, delivery.getMessageId());
            message.setFrom(address(delivery.getFrom()));
            if (delivery.getReplyTo() != null && !delivery.getReplyTo().isBlank()) {
                message.setReplyTo(new InternetAddress[] {parse(delivery.getReplyTo())});
            }
            if (delivery.getTo().isEmpty() && delivery.getCc().isEmpty()) {
                throw DeliveryFailure.permanentFailure("the email has no recipient", null);
            }
            message.setRecipients(Message.RecipientType.TO, addresses(delivery.getTo()));
            if (!delivery.getCc().isEmpty()) {
                message.setRecipients(Message.RecipientType.CC, addresses(delivery.getCc()));
            }
            message.setSubject(spaced(delivery.getSubject()), UTF_8);
            message.setSentDate(Date.from(clock.instant()));
            if (delivery.getInReplyTo() != null && !delivery.getInReplyTo().isBlank()) {
                message.setHeader("In-Reply-To", bracketed(delivery.getInReplyTo()));
            }
            if (!delivery.getReferences().isEmpty()) {
                String references = delivery.getReferences().stream()
                        .map(MailComposer::bracketed)
                        .collect(Collectors.joining(" "));
                message.setHeader("References", MimeUtility.fold("References: ".length(), references));
            }
            for (Map.Entry<String, String> header : delivery.getHeaders().entrySet()) {
                addExtraHeader(message, delivery, header.getKey(), header.getValue());
            }
            if (delivery.getLanguage() != null && !delivery.getLanguage().isBlank()) {
                message.setHeader("Content-Language", singleLine("Content-Language", delivery.getLanguage()));
            }
            setBody(message, delivery, withAttachments);
            message.saveChanges();
            return message;
        } catch (MessagingException | UnsupportedEncodingException e) {
            throw DeliveryFailure.permanentFailure("the email cannot be built: " + e.getMessage(), e);
        }
    }

    private void setBody(MimeMessage message, EmailDelivery delivery, boolean withAttachments)
            throws MessagingException {
        List<AttachmentRef> inline = new ArrayList<>();
        List<AttachmentRef> attached = new ArrayList<>();
        if (withAttachments) {
            for (AttachmentRef attachment : delivery.getAttachments()) {
                boolean shownInline =
                        attachment.getInline() && attachment.getContentId() != null && delivery.getHtml() != null;
                (shownInline ? inline : attached).add(attachment);
            }
        }
        Multipart readable = delivery.getHtml() == null ? null : alternative(delivery, inline);
        if (attached.isEmpty()) {
            if (readable == null) {
                message.setText(delivery.getText(), UTF_8, "plain");
            } else {
                message.setContent(readable);
            }
            return;
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart readablePart = new MimeBodyPart();
        if (readable == null) {
            readablePart.setText(delivery.getText(), UTF_8, "plain");
        } else {
            readablePart.setContent(readable);
        }
        mixed.addBodyPart(readablePart);
        for (AttachmentRef attachment : attached) {
            mixed.addBodyPart(filePart(attachment, Part.ATTACHMENT));
        }
        message.setContent(mixed);
    }

    /** Text and HTML; the inline images travel with the HTML in multipart/related. */
    private Multipart alternative(EmailDelivery delivery, List<AttachmentRef> inline) throws MessagingException {
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(delivery.getText(), UTF_8, "plain");
        alternative.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(delivery.getHtml(), UTF_8, "html");
        if (inline.isEmpty()) {
            alternative.addBodyPart(html);
            return alternative;
        }
        MimeMultipart related = new MimeMultipart("related");
        related.addBodyPart(html);
        for (AttachmentRef image : inline) {
            related.addBodyPart(filePart(image, Part.INLINE));
        }
        MimeBodyPart relatedPart = new MimeBodyPart();
        relatedPart.setContent(related);
        alternative.addBodyPart(relatedPart);
        return alternative;
    }

    private MimeBodyPart filePart(AttachmentRef attachment, String disposition) throws MessagingException {
        Path file = blobs.find(attachment.getStorageKey())
                .orElseThrow(() -> DeliveryFailure.permanentFailure(
                        "attachment '" + attachment.getFileName() + "' (" + attachment.getStorageKey()
                                + ") is not in the blob store",
                        null));
        MimeBodyPart part = new MimeBodyPart();
        part.setDataHandler(
                new DataHandler(new BlobSource(file, attachment.getContentType(), attachment.getFileName())));
        part.setFileName(attachment.getFileName());
        part.setDisposition(disposition);
        if (attachment.getContentId() != null && !attachment.getContentId().isBlank()) {
            part.setContentID(bracketed(attachment.getContentId()));
        }
        return part;
    }

    private static void addExtraHeader(MimeMessage message, EmailDelivery delivery, String name, String value)
            throws MessagingException, UnsupportedEncodingException {
        if (!name.matches("[!-9;-~]+")) {
            throw DeliveryFailure.permanentFailure("'" + name + "' is not a header name", null);
        }
        if (STRUCTURAL.contains(name.toLowerCase(Locale.ROOT))) {
            // The planned fields decide these; a second source would make the message ambiguous.
            log.warn(
                    "Delivery {}: extra header {} ignored, it is set from the delivery's fields",
                    delivery.getDeliveryId(),
                    name);
            return;
        }
        message.setHeader(
                name,
                MimeUtility.fold(name.length() + 2, MimeUtility.encodeText(singleLine(name, value), UTF_8, null)));
    }

    /** The text with each run of control characters made one space, for human-written header text. */
    static String spaced(String value) {
        return CONTROL.matcher(value).replaceAll(" ").strip();
    }

    private static String singleLine(String field, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw DeliveryFailure.permanentFailure(field + " contains a line break", null);
        }
        return value;
    }

    private static InternetAddress address(Contact contact) throws UnsupportedEncodingException {
        InternetAddress address = parse(contact.getEmail());
        if (contact.getDisplayName() != null && !contact.getDisplayName().isBlank()) {
            String name = spaced(contact.getDisplayName());
            if (!name.isEmpty()) {
                address.setPersonal(name, UTF_8);
            }
        }
        return address;
    }

    private static InternetAddress[] addresses(List<Contact> contacts) throws UnsupportedEncodingException {
        InternetAddress[] addresses = new InternetAddress[contacts.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = address(contacts.get(i));
        }
        return addresses;
    }

    private static InternetAddress parse(String email) {
        try {
            InternetAddress address = new InternetAddress(singleLine("address", email), true);
            address.validate();
            return address;
        } catch (AddressException e) {
            throw DeliveryFailure.permanentFailure("'" + email + "' is not an email address: " + e.getMessage(), e);
        }
    }

    private static String bracketed(String id) {
        String bare = singleLine("message id", id.strip());
        return bare.startsWith("<") ? bare : "<" + bare + ">";
    }

    static byte[] render(MimeMessage message) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException | MessagingException e) {
            throw DeliveryFailure.permanentFailure("the email cannot be rendered: " + e.getMessage(), e);
        }
    }

    /** A MIME message whose Message-ID is the planned one, not one Jakarta Mail makes up on save. */
    static final class PlannedMessage extends MimeMessage {

        private final String messageId;

        PlannedMessage(Session session, String messageId) {
            super(session);
            this.messageId = bracketed(messageId);
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    /** A stored blob, streamed when the message is written, with the type and name it was sent with. */
    private record BlobSource(Path file, String contentType, String name) implements DataSource {

        @Override
        public InputStream getInputStream() throws IOException {
            return Files.newInputStream(file);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            throw new IOException("a stored blob is read-only");
        }

        @Override
        public String getContentType() {
            return contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}
