package dev.helpstream.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.support.content.AttachmentPolicy;
import dev.helpstream.support.content.BlobStore;
import dev.helpstream.support.content.FileSystemBlobStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real MIME samples (test resources under {@code mail/}) read into inbound records. */
class MimeParserTest {

    private static final Instant RECEIVED = Instant.parse("2026-01-06T08:15:00.123Z");
    private static final MailRules RULES = new MailRules(
            new AttachmentPolicy(1024 * 1024, List.of("png", "pdf", "jpg")),
            10,
            100_000,
            "helpstream.local",
            25L * 1024 * 1024);
    private static final Envelope SMTP = new Envelope(
            "smtp",
            "zoe@example.org",
            List.of("support@helpdesk.example.com", "billing@helpdesk.example.com"),
            "192.0.2.10",
            RECEIVED);
    private static final String TICKET_MAIL_ID =
            "t.0f8fad5b-d9cb-469f-a165-70867728950e.aaaaaaaaaaaaaaaaaaaaaaaa@helpstream.local";

    @TempDir
    Path blobs;

    private BlobStore store;
    private RawMailStore raw;
    private MimeParser parser;

    @BeforeEach
    void setUp() {
        store = new FileSystemBlobStore(blobs);
        raw = new RawMailStore(store);
        parser = new MimeParser(store);
    }

    @Test
    void shouldReadAPlainFrenchReplyWithEncodedWordsQuotedPrintableAndFlowedText() throws Exception {
        StoredMail mail = stored("plain-reply.eml");

        InboundMessage message = readable(parser.parse(mail, SMTP, RULES));

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-helpstream-source", "smtp");
        headers.put("x-helpstream-envelope-recipients", "support@helpdesk.example.com, billing@helpdesk.example.com");
        headers.put("date", "Tue, 06 Jan 2026 09:15:00 +0100");
        headers.put("return-path", "<zoe@example.org>");
        headers.put("x-mailer", "Thunderbird 140.1");
        assertThat(message)
                .isEqualTo(InboundMessage.newBuilder()
                        .setMessageId("reply-1@mail.example.org")
                        .setChannel(Channel.EMAIL)
                        .setReceivedAt(RECEIVED)
                        .setFrom(contact("Zoe@example.org", "Zoë Dupont"))
                        .setTo(List.of(
                                contact("support@helpdesk.example.com", "Support"),
                                contact("billing@helpdesk.example.com", null)))
                        .setCc(List.of(contact("andre@example.org", "André Martin")))
                        .setRecipientAddress("support@helpdesk.example.com")
                        .setSubject("Re: [#10001] Problème de facturation")
                        .setBody(MessageBody.newBuilder()
                                .setText(
                                        "Bonjour,\n\nC'est réglé, merci beaucoup pour votre aide rapide avec le serveur.")
                                .setQuotedText("Le lun. 5 janv. 2026 à 10:00, Support <support@example.com> a écrit :\n"
                                        + "> Pouvez-vous redémarrer le serveur ?")
                                .build())
                        .setAttachments(List.of())
                        .setInReplyTo(TICKET_MAIL_ID)
                        .setReferences(List.of("first@mail.example.org", TICKET_MAIL_ID))
                        .setAutomation(AutomationIndicators.newBuilder().build())
                        .setRawMimeRef("sha256:" + mail.sha256())
                        .setLanguage("fr-FR")
                        .setClientIp("192.0.2.10")
                        .setHeaders(headers)
                        .build());
    }

    @Test
    void shouldKeepTextAndSanitizedHtmlStoreTheInlineImageAndTheAllowedAttachmentAndNameTheRefusedOnes()
            throws Exception {
        InboundMessage message = readable(parser.parse(stored("alternative-inline-attachments.eml"), SMTP, RULES));

        assertThat(message.getBody().getText()).isEqualTo("The invoice is attached.\n\nThe logo is in the HTML part.");
        assertThat(message.getBody().getQuotedText()).isNull();
        assertThat(message.getBody().getHtml())
                .isEqualTo(
                        "<p>The invoice is <b>attached</b>.</p><p><img src=\"cid:logo&#64;mail.example.org\" alt=\"logo\" /></p><p>Thanks</p>");
        assertThat(message.getAttachments()).hasSize(2);
        AttachmentRef logo = message.getAttachments().get(0);
        assertThat(logo.getFileName()).isEqualTo("inline-1.png");
        assertThat(logo.getContentType()).isEqualTo("image/png");
        assertThat(logo.getContentId()).isEqualTo("logo@mail.example.org");
        assertThat(logo.getInline()).isTrue();
        assertThat(logo.getSizeBytes()).isEqualTo(70);
        assertThat(store.find(logo.getStorageKey())).isPresent();
        AttachmentRef invoice = message.getAttachments().get(1);
        assertThat(invoice.getFileName()).isEqualTo("facture.pdf");
        assertThat(invoice.getContentType()).isEqualTo("application/pdf");
        assertThat(invoice.getContentId()).isNull();
        assertThat(invoice.getInline()).isFalse();
        assertThat(Files.readAllBytes(store.find(invoice.getStorageKey()).orElseThrow()))
                .startsWith("%PDF-1.4".getBytes());
        assertThat(message.getHeaders())
                .containsEntry(
                        MimeParser.REFUSED_HEADER,
                        "(setup.exe) has the extension .exe, which is not accepted; accepted: png, pdf, jpg; "
                                + "(photo.png) content is text/plain, not a .png file");
        assertThat(message.getHeaders()).doesNotContainKey(MimeParser.PROBLEM_HEADER);
    }

    @Test
    void shouldNameAMailWithoutMessageIdByItsBytesAndDeriveTheTextOfAnHtmlOnlyBody() throws Exception {
        StoredMail mail = stored("html-only-no-message-id.eml");

        InboundMessage message = readable(parser.parse(mail, SMTP, RULES));

        assertThat(message.getMessageId()).isEqualTo("sha256-" + mail.sha256() + "@helpstream.missing-id");
        assertThat(mail.sha256()).isEqualTo(sha256(resource("html-only-no-message-id.eml")));
        assertThat(message.getFrom()).isEqualTo(contact("bob@example.net", null));
        assertThat(message.getBody().getText())
                .isEqualTo("Bonjour,\n\nLe site est lent depuis hier. Merci de vérifier.\n\nBob");
        assertThat(message.getBody().getHtml())
                .isEqualTo("<p>Bonjour,</p><p>Le site est lent depuis hier. Merci de vérifier.</p><div>Bob</div>");
    }

    @Test
    void shouldGiveTheSameIdToTheSameMailStoredTwice() throws Exception {
        ParsedMail first = parser.parse(stored("html-only-no-message-id.eml"), SMTP, RULES);
        ParsedMail second = parser.parse(stored("html-only-no-message-id.eml"), SMTP, RULES);

        assertThat(second.messageId()).isEqualTo(first.messageId());
    }

    @Test
    void shouldReportTheSignalsOfAnAutoReplyAndOurOwnLoopMarker() throws Exception {
        InboundMessage message = readable(parser.parse(stored("auto-reply.eml"), SMTP, RULES));

        assertThat(message.getAutomation())
                .isEqualTo(AutomationIndicators.newBuilder()
                        .setAutoSubmitted("auto-replied")
                        .setPrecedence("bulk")
                        .setAutoResponseSuppress("All")
                        .setListId("Support list <support.lists.example.org>")
                        .setBounce(false)
                        .setLoopDetected(true)
                        .build());
    }

    @Test
    void shouldTakeAMessageIdTheHelpdeskGeneratedForALoopButNotOtherMailOfItsDomain() throws Exception {
        MailRules ours = new MailRules(RULES.attachments(), 10, 100_000, "mail.example.org", RULES.maxEmailBytes());
        String generated = dev.helpstream.schema.ids.MailIds.outbound(
                "3f2504e0-4f89-41d3-9a0c-0305e82c3301", "event-1:customer", "mail.example.org");
        String echoed = "From: a@example.org\r\nMessage-ID: <" + generated + ">\r\nSubject: Re: Hi\r\n\r\nHello\r\n";

        InboundMessage colleague = readable(parser.parse(stored("plain-reply.eml"), SMTP, ours));
        InboundMessage loop = readable(parser.parse(stored(echoed.getBytes()), SMTP, ours));

        // plain-reply.eml's own id is <reply-1@mail.example.org>: the domain's, but not one the helpdesk made.
        assertThat(colleague.getAutomation().getLoopDetected()).isFalse();
        assertThat(loop.getAutomation().getLoopDetected()).isTrue();
    }

    @Test
    void shouldIgnoreAutoSubmittedNoAndTakeAReadReceiptForAnAutomaticMailButNoBounce() throws Exception {
        String human = "From: a@example.org\r\nAuto-Submitted: no\r\nSubject: Hi\r\n\r\nHello\r\n";
        String receipt = "From: a@example.org\r\nSubject: Read: Hi\r\n"
                + "Content-Type: multipart/report; report-type=disposition-notification; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nYour message was read.\r\n"
                + "--b\r\nContent-Type: message/disposition-notification\r\n\r\nDisposition: manual-action/MDN-sent-manually; displayed\r\n"
                + "--b--\r\n";

        AutomationIndicators humanSignals =
                readable(parser.parse(stored(human.getBytes()), SMTP, RULES)).getAutomation();
        InboundMessage receiptMessage = readable(parser.parse(stored(receipt.getBytes()), SMTP, RULES));

        assertThat(humanSignals).isEqualTo(AutomationIndicators.newBuilder().build());
        assertThat(receiptMessage.getAutomation())
                .isEqualTo(AutomationIndicators.newBuilder()
                        .setAutoSubmitted("auto-generated")
                        .build());
        assertThat(receiptMessage.getBody().getText()).isEqualTo("Your message was read.");
        assertThat(receiptMessage.getHeaders()).doesNotContainKey(MimeParser.REFUSED_HEADER);
    }

    @Test
    void shouldMarkABounceAndReferTheReturnedMessage() throws Exception {
        Envelope nullSender = new Envelope("smtp", "", List.of("support@helpdesk.example.com"), null, RECEIVED);

        InboundMessage message = readable(parser.parse(stored("bounce.eml"), nullSender, RULES));

        assertThat(message.getFrom()).isEqualTo(contact("MAILER-DAEMON@mx.example.net", "Mail Delivery System"));
        assertThat(message.getAutomation().getBounce()).isTrue();
        assertThat(message.getAutomation().getLoopDetected()).isFalse();
        assertThat(message.getReferences())
                .containsExactly("t.0f8fad5b-d9cb-469f-a165-70867728950e.bbbbbbbbbbbbbbbbbbbbbbbb@helpstream.local");
        assertThat(message.getBody().getText())
                .startsWith("This is the mail system at host mx.example.net.")
                .endsWith("<gone@example.net>: host mx.example.net said: 550 5.1.1 User unknown");
        assertThat(message.getAttachments()).isEmpty();
        assertThat(message.getHeaders()).doesNotContainKey(MimeParser.REFUSED_HEADER);
    }

    @Test
    void shouldMarkAMailerDaemonSenderAsABounceWithoutAReport() throws Exception {
        String mail = "From: postmaster@mx.example.net\r\nSubject: Delivery delayed\r\n\r\nStill trying.\r\n";

        InboundMessage message = readable(parser.parse(stored(mail.getBytes()), SMTP, RULES));

        assertThat(message.getAutomation().getBounce()).isTrue();
        assertThat(message.getReferences()).isEmpty();
    }

    @Test
    void shouldRefuseAMailWithoutAnyReadableSender() throws Exception {
        Envelope mailbox = new Envelope("imap://support@mail.example.com/INBOX", null, List.of(), null, RECEIVED);

        ParsedMail parsed = parser.parse(stored("no-sender.eml"), mailbox, RULES);

        assertThat(parsed)
                .isEqualTo(new ParsedMail.Unreadable(
                        "anonymous-1@mail.example.org",
                        "no sender can be read (From, Sender, Reply-To, envelope sender, Return-Path)"));
    }

    @Test
    void shouldTakeTheEnvelopeSenderWhenTheHeaderNamesNone() throws Exception {
        ParsedMail parsed = parser.parse(stored("no-sender.eml"), SMTP, RULES);

        assertThat(readable(parsed).getFrom()).isEqualTo(contact("zoe@example.org", null));
    }

    @Test
    void shouldReadAMailWhoseMultipartIsBrokenAndSayWhatWasNotRead() throws Exception {
        String mail = "Message-ID: <broken@example.org>\r\nFrom: a@example.org\r\nSubject: Broken\r\n"
                + "Content-Type: multipart/mixed; boundary=\"nowhere\"\r\n\r\nno boundary ever comes\r\n";

        InboundMessage message = readable(parser.parse(stored(mail.getBytes()), SMTP, RULES));

        assertThat(message.getMessageId()).isEqualTo("broken@example.org");
        assertThat(message.getSubject()).isEqualTo("Broken");
        assertThat(message.getBody().getText()).isEmpty();
        assertThat(message.getHeaders().get(MimeParser.PROBLEM_HEADER))
                .startsWith("the body could not be read completely: ");
    }

    @Test
    void shouldCutATextLongerThanTheLimitAndSaySo() throws Exception {
        String mail = "From: a@example.org\r\nSubject: Long\r\n\r\n" + "x".repeat(50) + "\r\n";
        MailRules small = new MailRules(RULES.attachments(), 10, 20, "helpstream.local", RULES.maxEmailBytes());

        InboundMessage message = readable(parser.parse(stored(mail.getBytes()), SMTP, small));

        assertThat(message.getBody().getText()).isEqualTo("x".repeat(20) + MimeParser.CUT_NOTE);
    }

    @Test
    void shouldTurnLineBreaksAndOtherControlCharactersInNamesAndTheSubjectIntoOneSpace() throws Exception {
        String mail = "Message-ID: <names@example.org>\r\n"
                + "From: =?UTF-8?Q?Bob=0D=0ABcc=3A_evil@x.com?= <bob@example.com>\r\n"
                + "To: =?UTF-8?Q?Support=09=0D=0A_Desk?= <support@helpdesk.example.com>\r\n"
                + "Cc: =?UTF-8?B?Q2Fyb2wAB0RheQ==?= <carol@example.org>, =?UTF-8?Q?=C2=85Dan=E2=80=A8?= <dan@example.org>\r\n"
                + "Subject: =?UTF-8?Q?Help=0D=0ABcc=3A_evil@x.com=09now?=\r\n"
                + "\r\nHello\r\n";

        InboundMessage message = readable(parser.parse(stored(mail.getBytes()), SMTP, RULES));

        assertThat(message.getFrom()).isEqualTo(contact("bob@example.com", "Bob Bcc: evil@x.com"));
        assertThat(message.getTo()).containsExactly(contact("support@helpdesk.example.com", "Support Desk"));
        assertThat(message.getCc())
                .containsExactly(contact("carol@example.org", "Carol Day"), contact("dan@example.org", "Dan"));
        assertThat(message.getSubject()).isEqualTo("Help Bcc: evil@x.com now");
    }

    @Test
    void shouldStopReadingTextPartsOnceTheMailsTextBudgetIsSpentAndSaySo() throws Exception {
        StringBuilder mail = new StringBuilder("Message-ID: <parts@example.org>\r\nFrom: a@example.org\r\n"
                + "Subject: Parts\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
        for (int i = 1; i <= 6; i++) {
            mail.append("--b\r\nContent-Type: text/plain\r\n\r\n")
                    .append(Integer.toString(i).repeat(10))
                    .append("\r\n");
        }
        mail.append("--b--\r\n");
        MailRules small = new MailRules(RULES.attachments(), 10, 20, "helpstream.local", RULES.maxEmailBytes());

        InboundMessage message = readable(parser.parse(stored(mail.toString().getBytes()), SMTP, small));

        // Twice 20 characters (new part and quoted history) and one more: parts 1 to 3, 5 of part 4.
        assertThat(message.getBody().getText()).isEqualTo("1111111111\n\n22222222" + MimeParser.CUT_NOTE);
        assertThat(message.getHeaders())
                .containsEntry(
                        MimeParser.PROBLEM_HEADER,
                        "the text was longer than 40 characters; the rest was not read (the original email is kept)");
    }

    @Test
    void shouldSayThatTheTextWasCutWhenTheBudgetWentOnLinesThatCleaningRemoves() throws Exception {
        String mail = "From: a@example.org\r\nSubject: Re: Long\r\n\r\nThanks!" + "\r\n".repeat(100)
                + "On Mon, 5 Jan 2026, Support <support@example.com> wrote:\r\n> Please reboot.\r\n";
        MailRules small = new MailRules(RULES.attachments(), 10, 60, "helpstream.local", RULES.maxEmailBytes());

        InboundMessage message = readable(parser.parse(stored(mail.getBytes()), SMTP, small));

        assertThat(message.getBody().getText()).isEqualTo("Thanks!" + MimeParser.CUT_NOTE);
        assertThat(message.getBody().getQuotedText()).isNull();
        assertThat(message.getHeaders())
                .containsEntry(
                        MimeParser.PROBLEM_HEADER,
                        "the text was longer than 120 characters; the rest was not read (the original email is kept)");
    }

    @Test
    void shouldDecodeAnEncodedWordGluedToTextAndKeepOneInAnUnknownCharset() {
        assertThat(MailHeaders.decode("Re:=?UTF-8?Q?_caf=C3=A9?= ok =?x-unknown?Q?abc?="))
                .isEqualTo("Re: café ok =?x-unknown?Q?abc?=");
        assertThat(MailHeaders.decode("=?UTF-8?B?w6k=?= =?UTF-8?B?w6k=?=")).isEqualTo("éé");
    }

    @Test
    void shouldDecodeTextWithoutACharsetAsUtf8OrElseWindows1252() {
        assertThat(MimeParser.decodeCharset("é".getBytes(java.nio.charset.StandardCharsets.UTF_8), null))
                .isEqualTo("é");
        assertThat(MimeParser.decodeCharset(new byte[] {(byte) 0xE9, (byte) 0x80}, "us-ascii"))
                .isEqualTo("é€");
        assertThat(MimeParser.decodeCharset(new byte[] {(byte) 0xE8}, "x-no-such-charset"))
                .isEqualTo("è");
    }

    private StoredMail stored(String resource) throws IOException {
        return stored(resource(resource));
    }

    private StoredMail stored(byte[] bytes) throws IOException {
        return raw.store(new ByteArrayInputStream(bytes), RULES.maxEmailBytes());
    }

    private static byte[] resource(String name) {
        try (InputStream in = MimeParserTest.class.getResourceAsStream("/mail/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InboundMessage readable(ParsedMail parsed) {
        assertThat(parsed).isInstanceOf(ParsedMail.Readable.class);
        return ((ParsedMail.Readable) parsed).message();
    }

    private static Contact contact(String email, String name) {
        return Contact.newBuilder().setEmail(email).setDisplayName(name).build();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
