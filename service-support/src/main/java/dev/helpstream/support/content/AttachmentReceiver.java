package dev.helpstream.ingest;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Streams one uploaded file into a staging file of the {@link BlobStore}, computing its size and
 * SHA-256 and keeping its first {@link ContentInspector#SNIFF_BYTES} bytes for type detection.
 *
 * <p>Invariant: at most one network buffer of the upload is in memory at a time (plus the head),
 * whatever the size of the upload; the limit is checked on every buffer, so an oversized upload is
 * stopped as soon as it passes the limit and its staging file is deleted. Writing uses the
 * asynchronous file channel, so no event-loop thread blocks.
 */
final class AttachmentReceiver {

    private final BlobStore store;

    AttachmentReceiver(BlobStore store) {
        this.store = store;
    }

    /**
     * Receives {@code content} into a staging file.
     *
     * @param maxBytes the largest accepted size
     * @return the staged file, or an {@link AttachmentTooLargeException} once more than {@code
     *     maxBytes} arrived (nothing is left on disk then)
     */
    Mono<ReceivedFile> receive(Flux<DataBuffer> content, long maxBytes) {
        return Mono.defer(() -> {
            Path staged = store.newStagingFile();
            Tally tally = new Tally(maxBytes);
            return DataBufferUtils.write(
                            content.map(tally::count), staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                    .then(Mono.fromCallable(() -> tally.result(staged)))
                    .doOnError(error -> discard(staged))
                    .doOnCancel(() -> discard(staged))
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        });
    }

    private void discard(Path staged) {
        Schedulers.boundedElastic().schedule(() -> store.discard(staged));
    }

    /**
     * A file that arrived completely and is waiting in the staging area.
     *
     * @param staged the staging file
     * @param sizeBytes its size
     * @param sha256 the SHA-256 of its bytes, lower-case hex
     * @param head its first bytes, for type detection
     */
    record ReceivedFile(Path staged, long sizeBytes, String sha256, byte[] head) {}

    /** An upload that passed the size limit. */
    static final class AttachmentTooLargeException extends RuntimeException {
        private final long maxBytes;

        AttachmentTooLargeException(long maxBytes) {
            super("is larger than " + maxBytes + " bytes");
            this.maxBytes = maxBytes;
        }

        long maxBytes() {
            return maxBytes;
        }
    }

    /** Size, digest and head of the bytes seen so far; used by one upload's stream only. */
    private static final class Tally {
        private final long maxBytes;
        private final MessageDigest digest = sha256();
        private final byte[] head = new byte[ContentInspector.SNIFF_BYTES];
        private int headLength;
        private long size;

        Tally(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        DataBuffer count(DataBuffer buffer) {
            size += buffer.readableByteCount();
            if (size > maxBytes) {
                DataBufferUtils.release(buffer);
                throw new AttachmentTooLargeException(maxBytes);
            }
            try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
                while (chunks.hasNext()) {
                    ByteBuffer chunk = chunks.next();
                    if (headLength < head.length) {
                        int take = Math.min(head.length - headLength, chunk.remaining());
                        chunk.duplicate().get(head, headLength, take);
                        headLength += take;
                    }
                    digest.update(chunk);
                }
            }
            return buffer;
        }

        ReceivedFile result(Path staged) {
            return new ReceivedFile(
                    staged, size, HexFormat.of().formatHex(digest.digest()), Arrays.copyOf(head, headLength));
        }

        private static MessageDigest sha256() {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java runtime has SHA-256", e);
            }
        }
    }
}
