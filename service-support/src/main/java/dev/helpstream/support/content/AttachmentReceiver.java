package dev.helpstream.support.content;

import dev.helpstream.schema.AttachmentRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Receives the files of one submission into the {@link BlobStore}'s staging area and applies every
 * attachment rule to each, in the order that costs least: the policy's on/off switch and the
 * per-submission file count, then the extension allowlist (before a byte is read), then the size
 * limit while the bytes arrive (an oversized upload never reaches memory or stays on disk), then
 * the content check (the declared type and the extension against the bytes, see {@link
 * ContentInspector}).
 *
 * <p>Output: a {@link StagedAttachment}, or an {@link AttachmentRefusedException} naming the rule
 * and the reason; a refused file leaves nothing on disk. Once the whole submission is accepted,
 * {@link #commit} moves each staged file to its content address; otherwise the caller discards
 * them ({@link BlobStore#discard}).
 *
 * <p>Invariant: at most one network buffer of an upload is in memory at a time (plus its first
 * {@link ContentInspector#SNIFF_BYTES} bytes), whatever its size; the limit is checked on every
 * buffer. The {@code Flux<DataBuffer>} variant writes through the asynchronous file channel, so it
 * never blocks an event-loop thread; the {@code InputStream} variant and {@link #commit} block
 * (file system calls) and belong on a scheduler meant for blocking work.
 */
public final class AttachmentReceiver {

    private static final int COPY_BUFFER = 64 * 1024;

    private final BlobStore store;
    private final int maxFiles;
    private final ContentInspector inspector = new ContentInspector();

    /**
     * @param store where files are staged and stored
     * @param maxFiles most files one submission may carry
     */
    public AttachmentReceiver(BlobStore store, int maxFiles) {
        this.store = store;
        this.maxFiles = maxFiles;
    }

    /**
     * Receives and checks the {@code index}-th file of a submission from a reactive stream (a
     * WebFlux {@code FilePart.content()} or {@code PartEvent} contents). The stream is not
     * subscribed when the name alone refuses the file.
     *
     * @param index the file's position in the submission, from 0
     * @param originalName the file name the client sent, or null
     * @param declaredType the part's {@code Content-Type}, or null
     * @param policy the attachment settings in force for this request
     * @return the staged file, or an {@link AttachmentRefusedException}
     */
    public Mono<StagedAttachment> receive(
            int index, String originalName, String declaredType, Flux<DataBuffer> content, AttachmentPolicy policy) {
        String fileName;
        try {
            fileName = admit(index, originalName, policy);
        } catch (AttachmentRefusedException refused) {
            return Mono.error(refused);
        }
        return stage(content, policy.maxBytes())
                .onErrorMap(AttachmentRefusedException.class, tooLarge -> named(fileName, tooLarge))
                .map(received -> inspected(fileName, declaredType, received));
    }

    /**
     * Receives and checks the {@code index}-th file of a submission from a stream (or bytes in a
     * {@link java.io.ByteArrayInputStream}). Blocks; the stream is read to its end or to the limit,
     * not closed.
     *
     * @see #receive(int, String, String, Flux, AttachmentPolicy)
     * @throws AttachmentRefusedException when a rule refuses the file
     * @throws IOException when the stream or the staging file fails (nothing is left on disk)
     */
    public StagedAttachment receive(
            int index, String originalName, String declaredType, InputStream content, AttachmentPolicy policy)
            throws IOException {
        String fileName = admit(index, originalName, policy);
        ReceivedFile received;
        try {
            received = stage(content, policy.maxBytes());
        } catch (AttachmentRefusedException tooLarge) {
            throw named(fileName, tooLarge);
        }
        return inspected(fileName, declaredType, received);
    }

    /**
     * Stores an accepted file under its content address and describes it for a record. Blocks.
     *
     * @param attachmentId the id the record gives the attachment
     */
    public AttachmentRef commit(StagedAttachment file, String attachmentId) throws IOException {
        String storageKey = store.commit(file.staged(), file.sha256());
        return AttachmentRef.newBuilder()
                .setAttachmentId(attachmentId)
                .setFileName(file.fileName())
                .setContentType(file.contentType())
                .setSizeBytes(file.sizeBytes())
                .setSha256(file.sha256())
                .setStorageKey(storageKey)
                .build();
    }

    /** The rules decided by the name alone; returns the sanitized name. */
    private String admit(int index, String originalName, AttachmentPolicy policy) {
        if (!policy.enabled()) {
            throw new AttachmentRefusedException(
                    AttachmentRefusedException.Rule.ATTACHMENTS_OFF, "cannot be accepted: attachments are turned off");
        }
        if (index >= maxFiles) {
            throw new AttachmentRefusedException(
                    AttachmentRefusedException.Rule.FILE_COUNT,
                    "is one file too many: at most " + maxFiles + " files per ticket");
        }
        String fileName = FileNames.sanitize(originalName);
        String extension = FileNames.extension(fileName);
        if (!policy.allows(extension)) {
            throw new AttachmentRefusedException(
                    AttachmentRefusedException.Rule.EXTENSION,
                    describe(fileName, extension, policy.allowedExtensions()));
        }
        return fileName;
    }

    private StagedAttachment inspected(String fileName, String declaredType, ReceivedFile received) {
        try {
            String contentType = inspector.inspect(FileNames.extension(fileName), declaredType, received.head());
            return new StagedAttachment(
                    fileName, contentType, received.sizeBytes(), received.sha256(), received.staged());
        } catch (AttachmentRefusedException refused) {
            store.discard(received.staged());
            throw named(fileName, refused);
        }
    }

    /**
     * Streams {@code content} into a staging file, with its size, digest and head.
     *
     * @return the staged file, or an {@link AttachmentRefusedException} ({@link
     *     AttachmentRefusedException.Rule#SIZE}) once more than {@code maxBytes} arrived (nothing is
     *     left on disk then)
     */
    Mono<ReceivedFile> stage(Flux<DataBuffer> content, long maxBytes) {
        return Mono.defer(() -> {
            Path staged = store.newStagingFile();
            Tally tally = new Tally(maxBytes);
            return DataBufferUtils.write(
                            content.map(tally::count), staged, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)
                    .then(Mono.fromCallable(() -> tally.result(staged)))
                    .doOnError(error -> discardLater(staged))
                    .doOnCancel(() -> discardLater(staged))
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
        });
    }

    /** The blocking counterpart of {@link #stage(Flux, long)}. */
    ReceivedFile stage(InputStream content, long maxBytes) throws IOException {
        Path staged = store.newStagingFile();
        Tally tally = new Tally(maxBytes);
        boolean complete = false;
        try (OutputStream out = Files.newOutputStream(staged, StandardOpenOption.CREATE_NEW)) {
            byte[] buffer = new byte[COPY_BUFFER];
            for (int read = content.read(buffer); read >= 0; read = content.read(buffer)) {
                tally.count(ByteBuffer.wrap(buffer, 0, read));
                out.write(buffer, 0, read);
            }
            complete = true;
        } finally {
            if (!complete) {
                store.discard(staged);
            }
        }
        return tally.result(staged);
    }

    private void discardLater(Path staged) {
        Schedulers.boundedElastic().schedule(() -> store.discard(staged));
    }

    private static AttachmentRefusedException named(String fileName, AttachmentRefusedException refused) {
        return new AttachmentRefusedException(refused.rule(), "(" + fileName + ") " + refused.getMessage());
    }

    private static String describe(String fileName, String extension, List<String> allowed) {
        String which = extension.isEmpty() ? "has no extension" : "has the extension ." + extension;
        return "(" + fileName + ") " + which + ", which is not accepted; accepted: " + String.join(", ", allowed);
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
            try {
                grow(buffer.readableByteCount());
            } catch (AttachmentRefusedException tooLarge) {
                DataBufferUtils.release(buffer);
                throw tooLarge;
            }
            try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
                while (chunks.hasNext()) {
                    update(chunks.next());
                }
            }
            return buffer;
        }

        void count(ByteBuffer chunk) {
            grow(chunk.remaining());
            update(chunk);
        }

        private void grow(int bytes) {
            size += bytes;
            if (size > maxBytes) {
                throw new AttachmentRefusedException(
                        AttachmentRefusedException.Rule.SIZE, "is larger than " + maxBytes + " bytes");
            }
        }

        private void update(ByteBuffer chunk) {
            if (headLength < head.length) {
                int take = Math.min(head.length - headLength, chunk.remaining());
                chunk.duplicate().get(head, headLength, take);
                headLength += take;
            }
            digest.update(chunk);
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
