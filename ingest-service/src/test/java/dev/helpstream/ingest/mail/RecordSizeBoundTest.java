package dev.helpstream.ingest.mail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.schema.topic.Topics;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordSizeBoundTest {

    private static final Instant RECEIVED = Instant.parse("2026-03-03T09:00:00.123Z");

    static {
        // Avro builds records with record-typed defaults only once the serdes trusted the
        // generated classes, as they have in the running service.
        SingleObjectAvroSerdes.instance();
    }

    @Test
    void shouldNeverBeBelowTheEncodedSizeOfAnAsciiMail() {
        InboundMessage message = message("Our shop returns a 502 since this morning. ".repeat(25), null, Map.of());

        assertThat(RecordSizeBound.of(message)).isGreaterThanOrEqualTo(encodedSize(message));
    }

    @Test
    void shouldNeverBeBelowTheEncodedSizeOfTextInEveryUtf8Length() {
        // One, two, three and four UTF-8 bytes per character (the emoji is a surrogate pair).
        String text = "a é € 漢 😀 ".repeat(2_000);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-mailer", "Mailprogramm ✉ 😀");
        headers.put("date", "Tue, 3 Mar 2026 10:00:00 +0100");
        InboundMessage message = message(text, "<p>" + text + "</p>", headers);

        assertThat(RecordSizeBound.of(message)).isGreaterThanOrEqualTo(encodedSize(message));
    }

    @Test
    void shouldNeverBeBelowTheEncodedSizeOfAMailWithEveryOptionalPartSet() {
        InboundMessage message = InboundMessage.newBuilder(message("Voir la pièce jointe.", "<b>Voir</b>", Map.of()))
                .setCc(List.of(contact("ops@example.org", "Équipe ops"), contact("cto@example.org", null)))
                .setInReplyTo("t.1@helpstream.local")
                .setReferences(List.of("a@example.org", "t.1@helpstream.local"))
                .setAttachments(List.of(AttachmentRef.newBuilder()
                        .setAttachmentId("0f8fad5b-d9cb-469f-a165-70867728950e")
                        .setFileName("capture d’écran.png")
                        .setContentType("image/png")
                        .setSizeBytes(51_200)
                        .setSha256("ab".repeat(32))
                        .setStorageKey("sha256:" + "ab".repeat(32))
                        .setContentId("logo@example.org")
                        .setInline(true)
                        .build()))
                .setAutomation(AutomationIndicators.newBuilder()
                        .setAutoSubmitted("auto-replied")
                        .setPrecedence("bulk")
                        .setBounce(true)
                        .build())
                .setLanguage("fr-FR")
                .setClientIp("2001:db8::23")
                .build();

        assertThat(RecordSizeBound.of(message)).isGreaterThanOrEqualTo(encodedSize(message));
    }

    @Test
    void shouldStayWithinAFewTimesTheEncodedSizeOfAShortMailSoThatItSparesTheEncoding() {
        InboundMessage message = message("Our shop returns a 502 since this morning. ".repeat(25), null, Map.of());

        assertThat(RecordSizeBound.of(message)).isLessThan(4L * encodedSize(message));
    }

    private static InboundMessage message(String text, String html, Map<String, String> headers) {
        return InboundMessage.newBuilder()
                .setMessageId("load-1@customer.example.org")
                .setChannel(Channel.EMAIL)
                .setReceivedAt(RECEIVED)
                .setFrom(contact("nora@example.com", "Nora Ñandú"))
                .setTo(List.of(contact("support@helpdesk.test", null)))
                .setRecipientAddress("support@helpdesk.test")
                .setSubject("Website down — again")
                .setBody(MessageBody.newBuilder().setText(text).setHtml(html).build())
                .setRawMimeRef("sha256:" + "cd".repeat(32))
                .setHeaders(headers)
                .build();
    }

    private static Contact contact(String email, String name) {
        return Contact.newBuilder().setEmail(email).setDisplayName(name).build();
    }

    private static long encodedSize(InboundMessage message) {
        return Topics.INBOUND.valueSerde().serializer().serialize(Topics.INBOUND.name(), message).length;
    }
}
