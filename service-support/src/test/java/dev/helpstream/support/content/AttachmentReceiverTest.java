package dev.helpstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import reactor.core.publisher.Flux;
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

        AttachmentReceiver.ReceivedFile received = new AttachmentReceiver(store)
                .receive(chunks(content, 7_000), 1_000_000)
                .block(Duration.ofSeconds(10));

        assertThat(received.sizeBytes()).isEqualTo(200_000);
        assertThat(received.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
        assertThat(received.head()).hasSize(ContentInspector.SNIFF_BYTES);
        assertThat(received.head()).isEqualTo(java.util.Arrays.copyOf(content, ContentInspector.SNIFF_BYTES));
        assertThat(Files.readAllBytes(received.staged())).isEqualTo(content);
    }

    @Test
    void shouldAcceptAFileOfExactlyTheLimit() {
        byte[] content = new byte[1024];

        AttachmentReceiver.ReceivedFile received = new AttachmentReceiver(new FileSystemBlobStore(root))
                .receive(chunks(content, 100), 1024)
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

        StepVerifier.create(new AttachmentReceiver(new FileSystemBlobStore(root)).receive(upload, limit))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOf(AttachmentReceiver.AttachmentTooLargeException.class)
                        .hasMessage("is larger than 10485760 bytes"))
                .verify(Duration.ofSeconds(30));

        assertThat(produced.get()).isLessThan(limit + 64L * CHUNK);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(stagingFiles()).isEmpty());
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
            return DefaultDataBufferFactory.sharedInstance.wrap(java.util.Arrays.copyOfRange(content, from, to));
        });
    }
}
