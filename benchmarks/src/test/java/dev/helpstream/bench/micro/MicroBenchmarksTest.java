package dev.helpstream.bench.micro;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.support.content.FileSystemBlobStore;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * One invocation of every JMH benchmark body, outside JMH and untimed: each state is set up as JMH
 * sets it up, the benchmark method is called directly, and what it returns is checked, so that the
 * microbenchmarks keep measuring working code. No figure is asserted.
 */
class MicroBenchmarksTest {

    /** The single-object encoding's marker, before the schema fingerprint. */
    private static final byte[] SINGLE_OBJECT_MARKER = {(byte) 0xC3, 0x01};

    @Nested
    class AvroSerdes {

        private final AvroSerdeBenchmark serdes = new AvroSerdeBenchmark();

        @Test
        void shouldEncodeTheInboundMessageAsItsTopicDoesAndDecodeItBackToTheSameRecord() {
            AvroSerdeBenchmark.Inbound state = new AvroSerdeBenchmark.Inbound();
            state.setUp();

            byte[] encoded = serdes.serializeInboundMessage(state);
            InboundMessage decoded = serdes.deserializeInboundMessage(state);

            assertThat(encoded).startsWith(SINGLE_OBJECT_MARKER).isEqualTo(state.codec.encoded());
            assertThat(decoded).isEqualTo(HotPathRecords.apiInbound());
            assertThat(decoded.getBody().getText()).hasSizeGreaterThan(1000);
        }

        @Test
        void shouldEncodeTheTicketOpenedEventAsItsTopicDoesAndDecodeItBackToTheSameRecord() {
            AvroSerdeBenchmark.Opened state = new AvroSerdeBenchmark.Opened();
            state.setUp();

            byte[] encoded = serdes.serializeTicketOpenedEvent(state);

            assertThat(encoded).startsWith(SINGLE_OBJECT_MARKER).isEqualTo(state.codec.encoded());
            assertThat(serdes.deserializeTicketOpenedEvent(state)).isEqualTo(HotPathRecords.ticketOpened());
        }

        @Test
        void shouldEncodeTheTicketSnapshotAsItsTopicDoesAndDecodeItBackToTheSameRecord() {
            AvroSerdeBenchmark.Snapshot state = new AvroSerdeBenchmark.Snapshot();
            state.setUp();

            byte[] encoded = serdes.serializeTicketSnapshot(state);

            assertThat(encoded).startsWith(SINGLE_OBJECT_MARKER).isEqualTo(state.codec.encoded());
            assertThat(serdes.deserializeTicketSnapshot(state)).isEqualTo(HotPathRecords.snapshot());
        }
    }

    @Nested
    class MimeParsing {

        private final MimeParsingBenchmark mime = new MimeParsingBenchmark();

        @BeforeEach
        void setUp() throws Exception {
            mime.setUp();
        }

        @AfterEach
        void tearDownRemovesTheBlobStore() {
            mime.tearDown();
            assertThat(mime.blobs).doesNotExist();
        }

        @Test
        void shouldParseThePlainTextMailIntoItsSenderSubjectAndText() {
            InboundMessage message = mime.parsePlainTextMail();

            assertThat(message.getMessageId()).isEqualTo(SampleMails.PLAIN_ID);
            assertThat(message.getChannel()).isEqualTo(Channel.EMAIL);
            assertThat(message.getFrom().getEmail()).isEqualTo(SampleMails.CUSTOMER);
            assertThat(message.getRecipientAddress()).isEqualTo(SampleMails.SUPPORT);
            assertThat(message.getSubject()).isEqualTo(SampleMails.PLAIN_SUBJECT);
            assertThat(message.getBody())
                    .isEqualTo(MessageBody.newBuilder()
                            .setText(SampleMails.PLAIN_TEXT)
                            .build());
            assertThat(message.getAttachments()).isEmpty();
            assertThat(message.getRawMimeRef()).startsWith("sha256:");
        }

        @Test
        void shouldParseTheAlternativeMailIntoItsTextAndItsSanitizedHtml() {
            InboundMessage message = mime.parseAlternativeTextAndHtmlMail();

            assertThat(message.getMessageId()).isEqualTo(SampleMails.ALTERNATIVE_ID);
            assertThat(message.getSubject()).isEqualTo(SampleMails.ALTERNATIVE_SUBJECT);
            assertThat(message.getBody().getText()).isEqualTo(SampleMails.alternativeText());
            assertThat(message.getBody().getQuotedText()).isNull();
            String html = message.getBody().getHtml();
            assertThat(html).startsWith("<div><p>Hello support,</p>").doesNotContain("<head", "<style", "<meta");
            assertThat(html.split("<li>", -1)).hasSize(7);
            assertThat(message.getAttachments()).isEmpty();
        }

        @Test
        void shouldParseTheReplyIntoItsNewTextItsQuotedHistoryItsThreadAndTheStoredScreenshot() throws Exception {
            InboundMessage message = mime.parseReplyWithQuotedHistoryAndAttachment();

            assertThat(message.getMessageId()).isEqualTo(SampleMails.REPLY_ID);
            assertThat(message.getSubject()).isEqualTo(SampleMails.REPLY_SUBJECT);
            assertThat(message.getInReplyTo()).isEqualTo(SampleMails.TICKET_MAIL_ID);
            assertThat(message.getReferences()).isEqualTo(List.of(SampleMails.TICKET_MAIL_ID));
            assertThat(message.getBody())
                    .isEqualTo(MessageBody.newBuilder()
                            .setText(SampleMails.REPLY_TEXT)
                            .setQuotedText(SampleMails.replyHistory())
                            .build());
            assertThat(message.getAttachments()).hasSize(1);
            AttachmentRef screenshot = message.getAttachments().get(0);
            byte[] png = SampleMails.screenshot();
            assertThat(screenshot.getFileName()).isEqualTo(SampleMails.SCREENSHOT_NAME);
            assertThat(screenshot.getContentType()).isEqualTo("image/png");
            assertThat(screenshot.getInline()).isFalse();
            assertThat(screenshot.getSizeBytes()).isEqualTo(png.length);
            assertThat(png.length).isGreaterThanOrEqualTo(SampleMails.SCREENSHOT_BYTES);
            assertThat(Files.readAllBytes(new FileSystemBlobStore(mime.blobs).locate(screenshot.getStorageKey())))
                    .isEqualTo(png);
        }

        @Test
        void shouldParseAMailAgainToTheSameRecordOnceItsAttachmentIsStored() {
            InboundMessage first = mime.parseReplyWithQuotedHistoryAndAttachment();

            assertThat(mime.parseReplyWithQuotedHistoryAndAttachment()).isEqualTo(first);
        }
    }
}
