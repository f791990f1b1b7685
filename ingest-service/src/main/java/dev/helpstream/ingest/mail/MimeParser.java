package dev.helpstream.ingest.mail;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.support.content.AttachmentReceiver;
import dev.helpstream.support.content.AttachmentRefusedException;
import dev.helpstream.support.content.BlobStore;
import dev.helpstream.support.content.EmailAddresses;
import dev.helpstream.support.content.MessageBodies;
import dev.helpstream.support.content.StagedAttachment;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.SharedFileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads one stored raw mail (RFC 5322 with MIME) into the {@link InboundMessage} the ingest service
 * writes to {@code tickets.inbound.v1}, storing its attachments on the way.
 *
 * <p>Input: the mail as stored ({@link StoredMail}, whose key becomes {@code rawMimeRef}), its
 * {@link Envelope} and the {@link MailRules} in force. Output: {@link ParsedMail.Readable}, or
 * {@link ParsedMail.Unreadable} when not even a sender can be read (From, then Sender, Reply-To,
 * the SMTP reverse path, Return-Path).
 *
 * <p>What it reads: the Message-ID without angle brackets (a mail without one is known as {@code
 * sha256-<hex of its bytes>@helpstream.missing-id}, so a re-fetch finds the same id); From, To and
 * Cc with decoded display names; the subject decoded (RFC 2047, any charset); names and subject on
 * one line (a decoded line break or other control character becomes a space); In-Reply-To and
 * References without angle brackets, oldest first; Content-Language; the automation signals
 * ({@link AutomationSignals}). The body: the text/plain and text/html alternatives (the HTML
 * sanitized, the text derived from it when the mail has no plain part), in their declared charset
 * with quoted-printable or base64 undone, format=flowed joined, the new part of a reply separated
 * from its quoted history ({@link ReplySplitter}). Attachments and inline images (with their
 * Content-ID) go through the same rules as the HTTP API's ({@link AttachmentReceiver}); a refused
 * file does not refuse the mail: it is left out and named with its reason in the header {@value
 * #REFUSED_HEADER}. For a delivery status report, the Message-ID of the returned message is added
 * to the references so that routing can record the bounce on its ticket.
 *
 * <p>Invariant: whatever the mail contains, the result is a record or a reason, never an exception
 * for bad content (a body part that cannot be read is noted in {@value #PROBLEM_HEADER}); only a
 * failing blob store throws ({@link UncheckedIOException}). Texts are cut at {@code maxBodyChars}:
 * the raw mail keeps the rest. What is read of a mail's text parts is bounded for the whole mail,
 * not per part (twice {@code maxBodyChars} of plain text, four times of raw HTML): past it the
 * remaining text parts are not read, noted in {@value #PROBLEM_HEADER}. Thread-safe.
 */
final class MimeParser {

    static final String MISSING_ID_DOMAIN = "helpstream.missing-id";
    static final String REFUSED_HEADER = "x-helpstream-refused-attachments";
    static final String PROBLEM_HEADER = "x-helpstream-parse-problem";
    static final String SOURCE_HEADER = "x-helpstream-source";
    static final String RECIPIENTS_HEADER = "x-helpstream-envelope-recipients";
    static final String CUT_NOTE = "\n\n[The rest of this text was cut; the original email is kept.]";

    /** Header fields kept on the record besides the ones it has fields for. */
    private static final List<String> KEPT_HEADERS =
            List.of("date", "reply-to", "sender", "return-path", "x-mailer", "user-agent", "x-loop", "list-id");

    private static final int MAX_DEPTH = 20;
    private static final int MAX_CONTACTS = 100;
    private static final int MAX_REFERENCES = 100;
    private static final int MAX_HEADER_CHARS = 1000;
    private static final int MAX_SUBJECT_CHARS = 998;
    private static final int MAX_NAME_CHARS = 200;
    private static final int MAX_REFUSALS_LISTED = 50;
    private static final Set<String> SIGNATURES =
            Set.of("application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature");
    private static final Set<String> REPORTS =
            Set.of("message/delivery-status", "message/global-delivery-status", "message/disposition-notification");
    private static final Set<String> RETURNED_MESSAGES =
            Set.of("message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers");
    private static final Pattern RAW_ADDRESS = Pattern.compile("[^\\s<>\"(),;:]+@[^\\s<>\"(),;:]+");

    static {
        // Before the first mail is read: Jakarta Mail looks its stream provider up on every header
        // block and part it reads, a class-path scan unless the provider is named.
        StreamProviderProperty.pin();
    }

    private final BlobStore store;
    private final Session session;

    MimeParser(BlobStore store) {
        this.store = store;
        Properties properties = new Properties();
        // Received mail is what it is: read 8-bit UTF-8 headers (SMTPUTF8) and addresses that a
        // strict parser refuses, rather than lose the mail.
        properties.setProperty("mail.mime.allowutf8", "true");
        properties.setProperty("mail.mime.address.strict", "false");
        this.session = Session.getInstance(properties);
    }

    /** Reads the stored mail; see the class comment. */
    ParsedMail parse(StoredMail raw, Envelope envelope, MailRules rules) {
        try (SharedFileInputStream in = new SharedFileInputStream(raw.file().toFile())) {
            MimeMessage message;
            try {
                message = new MimeMessage(session, in);
            } catch (MessagingException unreadable) {
                return new ParsedMail.Unreadable(
                        missingId(raw), "its header cannot be read: " + unreadable.getMessage());
            }
            return read(message, raw, envelope, rules);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the stored mail " + raw.storageKey(), e);
        }
    }

    private ParsedMail read(MimeMessage message, StoredMail raw, Envelope envelope, MailRules rules)
            throws IOException {
        MailHeaders headers;
        try {
            headers = MailHeaders.of(message.getAllHeaders());
        } catch (MessagingException unreadable) {
            return new ParsedMail.Unreadable(missingId(raw), "its header cannot be read: " + unreadable.getMessage());
        }
        String messageId = headers.firstId("Message-ID").orElseGet(() -> missingId(raw));
        Optional<Contact> from = sender(headers, envelope);
        if (from.isEmpty()) {
            return new ParsedMail.Unreadable(
                    messageId, "no sender can be read (From, Sender, Reply-To, envelope sender, Return-Path)");
        }

        Body body = new Body(messageId, rules);
        String reportType = null;
        try {
            ContentType type = contentType(message);
            if (type.match("multipart/report")) {
                String declared = type.getParameter("report-type");
                reportType = declared == null ? "" : declared.strip().toLowerCase(Locale.ROOT);
                body.report = true;
            }
            walk(message, body, 0, false);
        } catch (MessagingException | IOException | RuntimeException unreadable) {
            if (unreadable instanceof UncheckedIOException storage) {
                throw storage;
            }
            body.problems.add("the body could not be read completely: " + unreadable.getMessage());
        }

        AutomationIndicators automation = AutomationSignals.of(
                headers, envelope.sender(), from.get().getEmail(), messageId, reportType, rules.messageIdDomain());
        List<String> references = references(headers);
        if (automation.getBounce()) {
            body.returnedIds.stream().filter(id -> !references.contains(id)).forEach(references::add);
        }

        return new ParsedMail.Readable(InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(Channel.EMAIL)
                .setReceivedAt(envelope.receivedAt().truncatedTo(ChronoUnit.MILLIS))
                .setFrom(from.get())
                .setTo(contacts(headers, "To"))
                .setCc(contacts(headers, "Cc"))
                .setRecipientAddress(
                        envelope.recipients().isEmpty()
                                ? null
                                : envelope.recipients().get(0))
                .setSubject(subject(headers))
                .setBody(body.messageBody())
                .setAttachments(body.attachments)
                .setInReplyTo(headers.firstId("In-Reply-To").orElse(null))
                .setReferences(references)
                .setAutomation(automation)
                .setRawMimeRef(raw.storageKey())
                .setLanguage(language(headers.first("Content-Language")))
                .setClientIp(envelope.clientIp())
                .setHeaders(keptHeaders(headers, envelope, body))
                .build());
    }

    // ---- the body ----------------------------------------------------------------------------

    /** Visits one part; {@code alternative} when it is a choice of multipart/alternative. */
    private void walk(Part part, Body body, int depth, boolean alternative) throws MessagingException, IOException {
        if (depth > MAX_DEPTH) {
            body.problems.add("parts nested deeper than " + MAX_DEPTH + " levels were not read");
            return;
        }
        ContentType type = contentType(part);
        String baseType = type.getBaseType().toLowerCase(Locale.ROOT);
        String disposition = disposition(part);
        String fileName = fileName(part);
        boolean attached = Part.ATTACHMENT.equalsIgnoreCase(disposition);

        if (baseType.startsWith("multipart/")) {
            Multipart multipart = multipart(part);
            boolean choices = baseType.equals("multipart/alternative");
            for (int i = 0; i < multipart.getCount(); i++) {
                walk(multipart.getBodyPart(i), body, depth + 1, choices);
            }
        } else if (body.report && RETURNED_MESSAGES.contains(baseType)) {
            body.returnedIds.addAll(returnedMessageIds(part, baseType));
        } else if (SIGNATURES.contains(baseType) || REPORTS.contains(baseType)) {
            // Kept in the raw mail; nothing an agent reads.
        } else if (baseType.equals("text/plain") && !attached && fileName == null) {
            if (body.wantsText(alternative)) {
                int room = body.textRoom();
                body.addText(room > 0 ? textOf(part, type, room) : Text.NOTHING_READ, isFlowed(type));
            }
        } else if (baseType.equals("text/html") && !attached && fileName == null) {
            if (body.wantsHtml(alternative)) {
                int room = body.htmlRoom();
                body.addHtml(room > 0 ? textOf(part, type, room) : Text.NOTHING_READ);
            }
        } else {
            String contentId = part instanceof MimeBodyPart mime ? contentId(mime.getContentID()) : null;
            boolean inline = !attached
                    && (Part.INLINE.equalsIgnoreCase(disposition) || contentId != null)
                    && baseType.startsWith("image/");
            String name = fileName != null ? fileName : defaultName(part, baseType, inline, body.files);
            body.attach(part, name, baseType, contentId, inline);
        }
    }

    private List<String> returnedMessageIds(Part part, String baseType) throws MessagingException, IOException {
        MailHeaders returned;
        if (baseType.endsWith("-headers")) {
            try (InputStream in = part.getInputStream()) {
                returned = MailHeaders.of(new InternetHeaders(in, true).getAllHeaders());
            }
        } else if (part.getContent() instanceof MimeMessage original) {
            returned = MailHeaders.of(original.getAllHeaders());
        } else {
            return List.of();
        }
        return returned.firstId("Message-ID").map(List::of).orElse(List.of());
    }

    private static Multipart multipart(Part part) throws MessagingException, IOException {
        Object content = part.getContent();
        if (content instanceof Multipart multipart) {
            return multipart;
        }
        throw new MessagingException("a " + part.getContentType() + " part has no parts");
    }

    /** The decoded text of a text part, at most {@code maxChars} characters of it. */
    private static Text textOf(Part part, ContentType type, int maxChars) throws MessagingException, IOException {
        // Four bytes per character covers any charset's worst case for the text that is kept; one
        // byte more tells whether the part goes on.
        int maxBytes = (int) Math.min(Integer.MAX_VALUE - 16, Math.max(1024L, 4L * maxChars));
        byte[] bytes;
        try (InputStream in = decodedStream(part)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        boolean complete = bytes.length <= maxBytes;
        String text = decodeCharset(complete ? bytes : Arrays.copyOf(bytes, maxBytes), type.getParameter("charset"));
        if (text.length() > maxChars) {
            return new Text(text.substring(0, maxChars), false);
        }
        return new Text(text, complete);
    }

    /**
     * What was read of a text part.
     *
     * @param complete false when the part goes on past what was read
     */
    private record Text(String value, boolean complete) {
        static final Text NOTHING_READ = new Text("", false);
    }

    private static InputStream decodedStream(Part part) throws MessagingException, IOException {
        try {
            return part.getInputStream();
        } catch (MessagingException unknownEncoding) {
            // An unknown Content-Transfer-Encoding: the bytes as sent beat no bytes.
            if (part instanceof MimeBodyPart mime) {
                return mime.getRawInputStream();
            }
            if (part instanceof MimeMessage message) {
                return message.getRawInputStream();
            }
            throw unknownEncoding;
        }
    }

    /**
     * Text in its declared charset; without a usable one, UTF-8 when the bytes are valid UTF-8 and
     * windows-1252 otherwise (what mail clients that omit the charset most often send).
     */
    static String decodeCharset(byte[] bytes, String declared) {
        Charset charset = charset(declared);
        if (charset != null && !charset.equals(StandardCharsets.US_ASCII)) {
            return new String(bytes, charset);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(bytes, Charset.forName("windows-1252"));
        }
    }

    private static Charset charset(String declared) {
        if (declared == null || declared.isBlank()) {
            return null;
        }
        // The JVM knows the IANA names; Jakarta Mail's table only adds aliases (and maps us-ascii
        // to ISO-8859-1, which would hide the 8-bit text that mislabelled mail carries).
        for (String name : List.of(declared.strip(), MimeUtility.javaCharset(declared.strip()))) {
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException unknown) {
                // try the next name
            }
        }
        return null;
    }

    private static boolean isFlowed(ContentType type) {
        return "flowed".equalsIgnoreCase(type.getParameter("format"));
    }

    /** RFC 3676: a line ending in a space continues on the next one (signature line excepted). */
    static String unflow(String text) {
        StringBuilder joined = new StringBuilder(text.length());
        for (String line : text.split("\r?\n", -1)) {
            joined.append(line);
            boolean soft = line.endsWith(" ") && !line.equals("-- ");
            if (!soft) {
                joined.append('\n');
            }
        }
        return joined.toString();
    }

    private static ContentType contentType(Part part) {
        try {
            String declared = part.getContentType();
            return new ContentType(declared == null ? "text/plain" : declared);
        } catch (MessagingException unreadable) {
            // RFC 2045: a Content-Type that cannot be read means text/plain in US-ASCII; the bytes
            // are then decoded leniently.
            try {
                return new ContentType("text/plain");
            } catch (jakarta.mail.internet.ParseException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static String disposition(Part part) {
        try {
            return part.getDisposition();
        } catch (MessagingException unreadable) {
            return null;
        }
    }

    private static String fileName(Part part) {
        try {
            String name = part.getFileName();
            if (name == null || name.isBlank()) {
                return null;
            }
            return name.contains("=?") ? MailHeaders.decode(name) : name;
        } catch (MessagingException unreadable) {
            return null;
        }
    }

    private static String contentId(String raw) {
        if (raw == null) {
            return null;
        }
        List<String> ids = MailHeaders.ids(raw);
        return ids.isEmpty() ? null : ids.get(0);
    }

    private static String defaultName(Part part, String baseType, boolean inline, int index) {
        if (baseType.equals("message/rfc822") || baseType.equals("message/global")) {
            String subject = null;
            try {
                if (part.getContent() instanceof MimeMessage forwarded) {
                    subject = forwarded.getSubject();
                }
            } catch (MessagingException | IOException unreadable) {
                subject = null;
            }
            return (subject == null || subject.isBlank() ? "message" : subject) + ".eml";
        }
        String extension = EXTENSIONS.getOrDefault(baseType, "");
        return (inline ? "inline-" : "attachment-") + (index + 1) + (extension.isEmpty() ? "" : "." + extension);
    }

    private static final Map<String, String> EXTENSIONS = Map.ofEntries(
            Map.entry("image/png", "png"),
            Map.entry("image/jpeg", "jpg"),
            Map.entry("image/jpg", "jpg"),
            Map.entry("image/gif", "gif"),
            Map.entry("image/webp", "webp"),
            Map.entry("application/pdf", "pdf"),
            Map.entry("text/plain", "txt"),
            Map.entry("text/csv", "csv"),
            Map.entry("text/calendar", "ics"),
            Map.entry("application/zip", "zip"));

    // ---- the header --------------------------------------------------------------------------

    private static String missingId(StoredMail raw) {
        return "sha256-" + raw.sha256() + "@" + MISSING_ID_DOMAIN;
    }

    private static Optional<Contact> sender(MailHeaders headers, Envelope envelope) {
        for (String field : List.of("From", "Sender", "Reply-To")) {
            List<Contact> found = contacts(headers.first(field), 1);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        if (envelope.sender() != null && !envelope.sender().isBlank()) {
            List<Contact> found = contacts(envelope.sender(), 1);
            if (!found.isEmpty()) {
                return Optional.of(found.get(0));
            }
        }
        return contacts(headers.first("Return-Path"), 1).stream().findFirst();
    }

    private static List<Contact> contacts(MailHeaders headers, String field) {
        List<Contact> all = new ArrayList<>();
        for (String value : headers.all(field)) {
            all.addAll(contacts(value, MAX_CONTACTS - all.size()));
        }
        return all;
    }

    private static List<Contact> contacts(String value, int max) {
        if (value == null || value.isBlank() || max <= 0) {
            return List.of();
        }
        List<Contact> contacts = new ArrayList<>();
        try {
            for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                contact(address.getAddress(), address.getPersonal()).ifPresent(contacts::add);
                if (contacts.size() >= max) {
                    break;
                }
            }
        } catch (AddressException unreadable) {
            // A list a parser refuses still names addresses; take them without names.
            var found = RAW_ADDRESS.matcher(value);
            while (found.find() && contacts.size() < max) {
                contact(found.group(), null).ifPresent(contacts::add);
            }
        }
        return contacts;
    }

    private static Optional<Contact> contact(String address, String personal) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        String email;
        try {
            email = EmailAddresses.normalize(address);
        } catch (IllegalArgumentException unusual) {
            // A quoted local part or an odd domain: keep the address as sent, domain lower-cased.
            String stripped = address.strip();
            int at = stripped.lastIndexOf('@');
            if (at <= 0 || at == stripped.length() - 1 || stripped.length() > EmailAddresses.MAX_LENGTH) {
                return Optional.empty();
            }
            email = stripped.substring(0, at) + "@" + stripped.substring(at + 1).toLowerCase(Locale.ROOT);
        }
        String name = personal == null ? null : MailHeaders.clean(MailHeaders.decode(personal));
        if (name != null && name.length() > MAX_NAME_CHARS) {
            name = name.substring(0, MAX_NAME_CHARS);
        }
        return Optional.of(Contact.newBuilder()
                .setEmail(email)
                .setDisplayName(name == null || name.isEmpty() ? null : name)
                .build());
    }

    private static String subject(MailHeaders headers) {
        String subject = headers.decoded("Subject");
        if (subject == null) {
            return "";
        }
        return subject.length() > MAX_SUBJECT_CHARS ? subject.substring(0, MAX_SUBJECT_CHARS) : subject;
    }

    private static List<String> references(MailHeaders headers) {
        List<String> references = new ArrayList<>(headers.allIds("References"));
        if (references.size() > MAX_REFERENCES) {
            // The newest ones thread the reply; the oldest is the conversation's start.
            List<String> kept = new ArrayList<>();
            kept.add(references.get(0));
            kept.addAll(references.subList(references.size() - MAX_REFERENCES + 1, references.size()));
            references = kept;
        }
        return references;
    }

    private static String language(String contentLanguage) {
        if (contentLanguage == null || contentLanguage.isBlank()) {
            return null;
        }
        String first = contentLanguage.split(",")[0].strip();
        String tag = Locale.forLanguageTag(first).toLanguageTag();
        return tag.equals("und") ? null : tag;
    }

    private static Map<String, String> keptHeaders(MailHeaders headers, Envelope envelope, Body body) {
        Map<String, String> kept = new LinkedHashMap<>();
        kept.put(SOURCE_HEADER, envelope.source());
        if (!envelope.recipients().isEmpty()) {
            kept.put(RECIPIENTS_HEADER, String.join(", ", envelope.recipients()));
        }
        KEPT_HEADERS.forEach(name -> headers.joined(name, MAX_HEADER_CHARS).ifPresent(value -> kept.put(name, value)));
        if (!body.refused.isEmpty()) {
            kept.put(REFUSED_HEADER, body.refusedList());
        }
        if (!body.problems.isEmpty()) {
            kept.put(PROBLEM_HEADER, String.join("; ", body.problems));
        }
        return kept;
    }

    // ---- what the walk collects --------------------------------------------------------------

    /** The body being collected from the parts of one mail. */
    private final class Body {
        private final String messageId;
        private final MailRules rules;
        private final AttachmentReceiver receiver;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder html = new StringBuilder();
        private final List<AttachmentRef> attachments = new ArrayList<>();
        private final List<String> refused = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final List<String> returnedIds = new ArrayList<>();
        private boolean report;
        private boolean textSpent;
        private boolean htmlSpent;
        private int files;

        Body(String messageId, MailRules rules) {
            this.messageId = messageId;
            this.rules = rules;
            this.receiver = new AttachmentReceiver(store, rules.maxAttachments());
        }

        /** A text/plain part is read when it is the first choice of an alternative, or any inline one. */
        boolean wantsText(boolean alternative) {
            return !(alternative && text.length() > 0);
        }

        boolean wantsHtml(boolean alternative) {
            return !(alternative && html.length() > 0);
        }

        /**
         * How many more characters of plain text this mail may read: the new part and the quoted
         * history each keep {@code maxBodyChars}, and one more character tells that there was more.
         * The budget is the whole mail's, so that a mail of many text parts builds no larger text.
         */
        int textRoom() {
            return room(text, 2L * rules.maxBodyChars() + 1);
        }

        /** The same for the HTML, read raw: markup weighs more than the text it carries. */
        int htmlRoom() {
            return room(html, 4L * rules.maxBodyChars() + 1);
        }

        private static int room(StringBuilder collected, long budget) {
            long separator = collected.length() > 0 ? 2 : 0;
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE - 16, budget - collected.length() - separator));
        }

        void addText(Text part, boolean flowed) {
            if (!part.complete() && !textSpent) {
                textSpent = true;
                problems.add("the text was longer than " + 2L * rules.maxBodyChars()
                        + " characters; the rest was not read (the original email is kept)");
            }
            append(text, flowed ? unflow(part.value()) : part.value());
        }

        void addHtml(Text part) {
            htmlSpent |= !part.complete();
            append(html, part.value());
        }

        private void append(StringBuilder target, String part) {
            if (part.isEmpty()) {
                return;
            }
            if (target.length() > 0) {
                target.append("\n\n");
            }
            target.append(part);
        }

        /** Stores one file, or notes why it was refused. */
        void attach(Part part, String name, String declaredType, String contentId, boolean inline)
                throws MessagingException {
            int index = files++;
            ReadFailures content;
            try {
                content = new ReadFailures(decodedStream(part));
            } catch (IOException | MessagingException unreadable) {
                refuse(name, "could not be decoded: " + unreadable.getMessage());
                return;
            }
            try (content) {
                StagedAttachment staged = receiver.receive(index, name, declaredType, content, rules.attachments());
                String attachmentId = UUID.nameUUIDFromBytes(
                                (messageId + "#" + index + "#" + staged.sha256()).getBytes(StandardCharsets.UTF_8))
                        .toString();
                AttachmentRef ref;
                try {
                    ref = receiver.commit(staged, attachmentId);
                } finally {
                    store.discard(staged.staged());
                }
                attachments.add(AttachmentRef.newBuilder(ref)
                        .setContentId(contentId)
                        .setInline(inline)
                        .build());
            } catch (AttachmentRefusedException refusal) {
                refuse(name, refusal.getMessage());
            } catch (IOException failure) {
                if (!content.failed) {
                    throw new UncheckedIOException("Cannot store an attachment of " + messageId, failure);
                }
                refuse(name, "could not be decoded: " + failure.getMessage());
            }
        }

        private void refuse(String name, String reason) {
            refused.add(reason.startsWith("(") ? reason : "(" + name + ") " + reason);
        }

        String refusedList() {
            if (refused.size() <= MAX_REFUSALS_LISTED) {
                return String.join("; ", refused);
            }
            return String.join("; ", refused.subList(0, MAX_REFUSALS_LISTED)) + "; and "
                    + (refused.size() - MAX_REFUSALS_LISTED) + " more";
        }

        MessageBody messageBody() {
            String safeHtml = html.length() == 0 ? null : MessageBodies.sanitizeHtml(html.toString());
            if (safeHtml != null && safeHtml.isBlank()) {
                safeHtml = null;
            }
            boolean fromText = text.length() > 0;
            String plain = fromText
                    ? MessageBodies.cleanText(text.toString())
                    : safeHtml == null ? "" : MessageBodies.textOf(safeHtml);
            // Whatever was not read is at the end of the text: its last piece says it was cut.
            boolean unread = fromText ? textSpent : htmlSpent && safeHtml != null;
            ReplySplitter.Split split = ReplySplitter.split(plain);
            if (safeHtml != null && (htmlSpent || safeHtml.length() > rules.maxBodyChars())) {
                // Half a document is not safe HTML; the text says the same and the raw mail has it.
                safeHtml = null;
                problems.add("the HTML body was longer than " + rules.maxBodyChars() + " characters and was left out");
            }
            boolean quoted = split.quoted() != null;
            return MessageBody.newBuilder()
                    .setText(cut(split.text(), unread && !quoted))
                    .setQuotedText(quoted ? cut(split.quoted(), unread) : null)
                    .setHtml(safeHtml)
                    .build();
        }

        /** The value cut at {@code maxBodyChars}, with the note when cut (or when its end was not read). */
        private String cut(String value, boolean endNotRead) {
            if (value.length() > rules.maxBodyChars()) {
                return value.substring(0, rules.maxBodyChars()) + CUT_NOTE;
            }
            return endNotRead ? value + CUT_NOTE : value;
        }
    }

    /** Remembers whether an IOException came from reading the part rather than from storing it. */
    private static final class ReadFailures extends FilterInputStream {
        private boolean failed;

        ReadFailures(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }
    }
}
