package dev.helpstream.notifier.delivery;

import static dev.helpstream.notifier.delivery.DeliveryTestSupport.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.support.content.FileSystemBlobStore;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeUtility;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MailComposerTest {

    @TempDir
    Path directory;

    private FileSystemBlobStore blobs;
    private MailComposer composer;

    @BeforeEach
    void setUp() {
        blobs = new FileSystemBlobStore(directory);
        composer = new MailComposer(
                Session.getInstance(new Properties()),
                blobs,
                Clock.fixed(Instant.parse("2025-03-03T09:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void shouldSendATextOnlyEmailAsOnePlainTextBody() throws Exception {
        MimeMessage message = composer.compose(email("a@customer.example").build());

        assertThat(message.getContentType()).startsWith("text/plain; charset=UTF-8");
        assertThat(message.getContent()).isEqualTo("We received your request.");
        assertThat(message.getSentDate().toInstant()).isEqualTo(Instant.parse("2025-03-03T09:00:00Z"));
    }

    @Test
    void shouldKeepThePlannedMessageIdWhenTheMessageIsSavedAgain() throws Exception {
        EmailDelivery delivery = email("a@customer.example").build();
        MimeMessage message = composer.compose(delivery);

        message.saveChanges();

        assertThat(message.getMessageID()).isEqualTo("<" + delivery.getMessageId() + ">");
    }

    @Test
    void shouldShowInlineImagesWithTheHtmlInMultipartRelated() throws Exception {
        byte[] logo = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10};
        AttachmentRef image = AttachmentRef.newBuilder()
                .setAttachmentId("logo")
                .setFileName("logo.png")
                .setContentType("image/png")
                .setSizeBytes(logo.length)
                .setSha256(sha256(logo))
                .setStorageKey(store(logo))
                .setContentId("logo@help.example")
                .setInline(true)
                .build();
        MimeMessage message = composer.compose(email("a@customer.example")
                .setHtml("<p><img src=\"cid:logo@help.example\"> Hello</p>")
                .setAttachments(List.of(image))
                .build());

        assertThat(message.getContentType()).startsWith("multipart/alternative");
        Multipart alternative = (Multipart) message.getContent();
        assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(alternative.getBodyPart(1).getContentType()).startsWith("multipart/related");
        Multipart related = (Multipart) alternative.getBodyPart(1).getContent();
        assertThat(related.getBodyPart(0).getContentType()).startsWith("text/html");
        Part inline = related.getBodyPart(1);
        assertThat(inline.getDisposition()).isEqualTo(Part.INLINE);
        assertThat(inline.getHeader("Content-ID")).containsExactly("<logo@help.example>");
        assertThat(inline.getInputStream().readAllBytes()).isEqualTo(logo);
    }

    @Test
    void shouldFoldALongReferencesHeaderWithoutChangingIt() throws Exception {
        List<String> references = IntStream.range(0, 30)
                .mapToObj(i -> "message-" + i + "@mail.customer.example")
                .toList();
        MimeMessage message = composer.compose(
                email("a@customer.example").setReferences(references).build());

        String raw = new String(MailComposer.render(message), StandardCharsets.US_ASCII);
        assertThat(raw.lines()).allMatch(line -> line.length() <= 998);
        assertThat(MimeUtility.unfold(message.getHeader("References", " ")))
                .isEqualTo(String.join(
                        " ", references.stream().map(id -> "<" + id + ">").toList()));
    }

    @Test
    void shouldIgnoreExtraHeadersThatWouldReplaceThePlannedOnes() throws Exception {
        EmailDelivery delivery = email("a@customer.example")
                .setHeaders(Map.of("Message-ID", "<other@evil.example>", "X-Loop", "helpstream@help.example"))
                .build();

        MimeMessage message = composer.compose(delivery);

        assertThat(message.getHeader("Message-ID")).containsExactly("<" + delivery.getMessageId() + ">");
        assertThat(message.getHeader("X-Loop")).containsExactly("helpstream@help.example");
    }

    @Test
    void shouldTurnLineBreaksAndControlCharactersInNamesAndTheSubjectIntoSpaces() throws Exception {
        EmailDelivery delivery = email("bob@customer.example")
                .setFrom(new Contact("support@help.example", "Alice\u0085Martin\u2028(Support)", null))
                .setTo(List.of(new Contact("bob@customer.example", "Bob\r\nBcc: evil@x.example", null)))
                .setCc(List.of(new Contact("carol@customer.example", "\r\n", null)))
                .setSubject("[#10234] Hello\r\nBcc: all@example.com\u0000\t!")
                .build();

        MimeMessage message = composer.compose(delivery);

        assertThat(message.getSubject()).isEqualTo("[#10234] Hello Bcc: all@example.com !");
        InternetAddress from = (InternetAddress) message.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo("Alice Martin (Support)");
        InternetAddress to = (InternetAddress) message.getRecipients(Message.RecipientType.TO)[0];
        assertThat(to.getAddress()).isEqualTo("bob@customer.example");
        assertThat(to.getPersonal()).isEqualTo("Bob Bcc: evil@x.example");
        InternetAddress cc = (InternetAddress) message.getRecipients(Message.RecipientType.CC)[0];
        assertThat(cc.getAddress()).isEqualTo("carol@customer.example");
        assertThat(cc.getPersonal()).isNull();
        assertThat(message.getHeader("Bcc")).isNull();
        String raw = new String(MailComposer.render(message), StandardCharsets.US_ASCII);
        assertThat(raw.lines().filter(line -> line.startsWith("Bcc:"))).isEmpty();
        assertThat(raw).doesNotContain("\u0000");
    }

    @Test
    void shouldRefuseForGoodWhatCannotBeSentAsPlanned() {
        assertPermanent(
                email("a@customer.example").setHeaders(Map.of("X-Note", "a\nb")), "X-Note contains a line break");
        assertPermanent(
                email("a@customer.example").setTo(List.of(new Contact("not an address", null, null))),
                "'not an address' is not an email address");
        assertPermanent(email("a@customer.example").setTo(List.of()), "the email has no recipient");
    }

    private void assertPermanent(EmailDelivery.Builder delivery, String message) {
        assertThatThrownBy(() -> composer.compose(delivery.build()))
                .isInstanceOfSatisfying(
                        DeliveryFailure.class,
                        failure -> assertThat(failure.permanent()).isTrue())
                .hasMessageStartingWith(message);
    }

    private String store(byte[] bytes) throws Exception {
        Path staged = blobs.newStagingFile();
        Files.write(staged, bytes);
        return blobs.commit(staged, sha256(bytes));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
