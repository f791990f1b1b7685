package dev.helpstream.support.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.helpstream.schema.AttachmentRef;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class AttachmentReceiverTest {

    private static final int CHUNK = 64 * 1024;

    @TempDir
    Path root;

    @Test
    void shouldStageTheFileWithItsSizeDigestAndHead() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        byte[] content = new byte[200_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251);
        }

        AttachmentReceiver.ReceivedFile received = new AttachmentReceiver(store, 10)
                .stage(chunks(content, 7_000), 1_000_000)
                .block(Duration.ofSeconds(10));

        assertThat(received.sizeBytes()).isEqualTo(200_000);
        assertThat(received.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(received.head()).hasSize(ContentInspector.SNIFF_BYTES);
        assertThat(received.head()).isEqualTo(Arrays.copyOf(content, ContentInspector.SNIFF_BYTES));
        assertThat(Files.readAllBytes(received.staged())).isEqualTo(content);
    }

    @Test
    void shouldAcceptAFileOfExactlyTheLimit() {
        byte[] content = new byte[1024];

        AttachmentReceiver.ReceivedFile received = new AttachmentReceiver(new FileSystemBlobStore(root), 10)
                .stage(chunks(content, 100), 1024)
                .block(Duration.ofSeconds(10));

        assertThat(received.sizeBytes()).isEqualTo(1024);
        assertThat(received.head()).hasSize(1024);
    }

    @Test
    void shouldStopAOneGigabyteUploadAtTheLimitWithoutReadingTheRest() {
        long gigabyte = 1L << 30;
        long limit = 10L * 1024 * 1024;
        AtomicLong produced = new AtomicLong();
        // Generated lazily: only the chunks the receiver asks for ever exist.
        Flux<DataBuffer> upload = Flux.<DataBuffer>generate(sink -> {
            if (produced.get() >= gigabyte) {
                sink.complete();
                return;
            }
            produced.addAndGet(CHUNK);
            sink.next(DefaultDataBufferFactory.sharedInstance.wrap(new byte[CHUNK]));
        });

        StepVerifier.create(new AttachmentReceiver(new FileSystemBlobStore(root), 10).stage(upload, limit))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(
                                AttachmentRefusedException.class,
                                refused -> assertThat(refused.rule()).isEqualTo(AttachmentRefusedException.Rule.SIZE))
                        .hasMessage("is larger than 10485760 bytes"))
                .verify(Duration.ofSeconds(30));

        assertThat(produced.get()).isLessThan(limit + 64L * CHUNK);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stagingFiles()).isEmpty());
    }

    @Test
    void shouldStageAnUploadWithItsSanitizedNameAndCheckedType() throws Exception {
        byte[] photo = SampleFiles.jpeg();

        StagedAttachment staged = receiver()
                .receive(0, "C:\\Users\\bob\\screen shot.JPG", "image/jpeg", chunks(photo, 5), AttachmentPolicy.DEFAULT)
                .block(Duration.ofSeconds(10));

        assertThat(staged.fileName()).isEqualTo("screen shot.JPG");
        assertThat(staged.contentType()).isEqualTo("image/jpeg");
        assertThat(staged.sizeBytes()).isEqualTo(photo.length);
        assertThat(staged.sha256()).isEqualTo(sha256(photo));
        assertThat(staged.staged().getParent()).isEqualTo(root.resolve("staging"));
        assertThat(staged.staged()).hasBinaryContent(photo);
    }

    @Test
    void shouldRefuseByNameAloneWithoutReadingAByte() {
        AtomicBoolean read = new AtomicBoolean();
        Flux<DataBuffer> upload = Flux.defer(() -> {
            read.set(true);
            return chunks(SampleFiles.jpeg(), 100);
        });

        assertRefused(
                receiver().receive(0, "photo.jpg", null, upload, new AttachmentPolicy(0, List.of())),
                AttachmentRefusedException.Rule.ATTACHMENTS_OFF,
                "cannot be accepted: attachments are turned off");
        assertRefused(
                receiver().receive(3, "photo.jpg", null, upload, AttachmentPolicy.DEFAULT),
                AttachmentRefusedException.Rule.FILE_COUNT,
                "is one file too many: at most 3 files per ticket");
        assertRefused(
                receiver().receive(0, "../setup.exe", null, upload, AttachmentPolicy.DEFAULT),
                AttachmentRefusedException.Rule.EXTENSION,
                "(setup.exe) has the extension .exe, which is not accepted;"
                        + " accepted: jpg, jpeg, png, doc, docx, xls, xlsx");
        assertRefused(
                receiver().receive(0, "README", null, upload, AttachmentPolicy.DEFAULT),
                AttachmentRefusedException.Rule.EXTENSION,
                "(README) has no extension, which is not accepted; accepted: jpg, jpeg, png, doc, docx, xls, xlsx");
        assertThat(read).isFalse();
    }

    @Test
    void shouldReportTheFirstRuleBrokenWhenSeveralAre() {
        assertRefused(
                receiver().receive(5, "setup.exe", null, Flux.empty(), new AttachmentPolicy(0, List.of("jpg"))),
                AttachmentRefusedException.Rule.ATTACHMENTS_OFF,
                "cannot be accepted: attachments are turned off");
        assertRefused(
                receiver().receive(5, "setup.exe", null, Flux.empty(), AttachmentPolicy.DEFAULT),
                AttachmentRefusedException.Rule.FILE_COUNT,
                "is one file too many: at most 3 files per ticket");
    }

    @Test
    void shouldRefuseAnOversizedUploadNamingTheFileAndLeaveNothingStaged() {
        byte[] photo = Arrays.copyOf(SampleFiles.jpeg(), 2_000);

        assertRefused(
                receiver()
                        .receive(
                                0,
                                "photo.jpg",
                                "image/jpeg",
                                chunks(photo, 300),
                                new AttachmentPolicy(1024, List.of())),
                AttachmentRefusedException.Rule.SIZE,
                "(photo.jpg) is larger than 1024 bytes");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stagingFiles()).isEmpty());
    }

    @Test
    void shouldRefuseAnExecutableNamedPhotoJpgAndLeaveNothingStaged() throws IOException {
        assertRefused(
                receiver()
                        .receive(
                                0,
                                "photo.jpg",
                                "image/jpeg",
                                chunks(SampleFiles.windowsExecutable(), 7),
                                AttachmentPolicy.DEFAULT),
                AttachmentRefusedException.Rule.CONTENT,
                "(photo.jpg) contains an executable, a script or active content (application/x-msdownload),"
                        + " which is never accepted");
        assertThat(stagingFiles()).isEmpty();
    }

    @Test
    void shouldApplyTheSameRulesToABlockingStream() throws Exception {
        byte[] report = SampleFiles.docx();

        StagedAttachment staged =
                receiver().receive(1, "report.docx", null, new ByteArrayInputStream(report), AttachmentPolicy.DEFAULT);

        assertThat(staged)
                .isEqualTo(new StagedAttachment(
                        "report.docx",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        report.length,
                        sha256(report),
                        staged.staged()));
        assertThat(staged.staged()).hasBinaryContent(report);
        assertThatThrownBy(() -> receiver()
                        .receive(
                                0,
                                "big.docx",
                                null,
                                new ByteArrayInputStream(new byte[200_000]),
                                new AttachmentPolicy(100_000, List.of())))
                .isInstanceOfSatisfying(
                        AttachmentRefusedException.class,
                        refused -> assertThat(refused.tooLarge()).isTrue())
                .hasMessage("(big.docx) is larger than 100000 bytes");
        assertThatThrownBy(() -> receiver()
                        .receive(
                                0,
                                "run.sh.txt",
                                "text/plain",
                                new ByteArrayInputStream(SampleFiles.shellScript()),
                                new AttachmentPolicy(100_000, List.of())))
                .isInstanceOfSatisfying(
                        AttachmentRefusedException.class,
                        refused -> assertThat(refused.rule()).isEqualTo(AttachmentRefusedException.Rule.CONTENT))
                .hasMessage("(run.sh.txt) contains an executable, a script or active content (application/x-sh),"
                        + " which is never accepted");
        try (Stream<Path> files = Files.list(root.resolve("staging"))) {
            assertThat(files.toList()).containsExactly(staged.staged());
        }
    }

    @Test
    void shouldCommitAStagedFileUnderItsContentAddressAndDescribeIt() throws Exception {
        FileSystemBlobStore store = new FileSystemBlobStore(root);
        AttachmentReceiver receiver = new AttachmentReceiver(store, 3);
        byte[] photo = SampleFiles.png();
        StagedAttachment staged =
                receiver.receive(0, "logo.png", "image/png", new ByteArrayInputStream(photo), AttachmentPolicy.DEFAULT);

        AttachmentRef ref = receiver.commit(staged, "attachment-1");

        assertThat(ref)
                .isEqualTo(AttachmentRef.newBuilder()
                        .setAttachmentId("attachment-1")
                        .setFileName("logo.png")
                        .setContentType("image/png")
                        .setSizeBytes(photo.length)
                        .setSha256(sha256(photo))
                        .setStorageKey("sha256:" + sha256(photo))
                        .build());
        assertThat(store.find(ref.getStorageKey()))
                .hasValueSatisfying(blob -> assertThat(blob).hasBinaryContent(photo));
        assertThat(staged.staged()).doesNotExist();
    }

    private AttachmentReceiver receiver() {
        return new AttachmentReceiver(new FileSystemBlobStore(root), 3);
    }

    private static void assertRefused(
            Mono<StagedAttachment> received, AttachmentRefusedException.Rule rule, String reason) {
        StepVerifier.create(received)
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(
                                AttachmentRefusedException.class,
                                refused -> assertThat(refused.rule()).isEqualTo(rule))
                        .hasMessage(reason))
                .verify(Duration.ofSeconds(10));
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private Stream<Path> stagingFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("staging"))) {
            return files.toList().stream();
        }
    }

    private static Flux<DataBuffer> chunks(byte[] content, int size) {
        return Flux.range(0, (content.length + size - 1) / size).map(i -> {
            int from = i * size;
            int to = Math.min(content.length, from + size);
            return DefaultDataBufferFactory.sharedInstance.wrap(Arrays.copyOfRange(content, from, to));
        });
    }
}
