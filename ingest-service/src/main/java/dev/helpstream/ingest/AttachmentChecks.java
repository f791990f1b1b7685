package dev.helpstream.ingest;

import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Receives one uploaded file of a submission and applies every attachment rule to it, in the
 * order that costs least: the settings' on/off switch and the per-request file count, then the
 * extension allowlist (before a byte is read), then the size limit while streaming (an oversized
 * upload never reaches memory or stays on disk), then the content check (the declared type and the
 * extension against the bytes, see {@link ContentInspector}).
 *
 * <p>Output: a {@link StagedAttachment}, or a {@link RequestRefusedException} (413 for size, 422
 * otherwise) naming the field {@code attachments[i]}; a refused file leaves nothing on disk.
 */
@Component
class AttachmentChecks {

    private final BlobStore store;
    private final AttachmentReceiver receiver;
    private final ContentInspector inspector = new ContentInspector();
    private final int maxAttachments;

    AttachmentChecks(BlobStore store, IngestProperties properties) {
        this.store = store;
        this.receiver = new AttachmentReceiver(store);
        this.maxAttachments = properties.intake().maxAttachments();
    }

    /**
     * Receives and checks the {@code index}-th file of a submission.
     *
     * @param declaredType the part's {@code Content-Type}, or null
     * @param policy the attachment settings in force for this request
     */
    Mono<StagedAttachment> receive(
            int index,
            String originalName,
            String declaredType,
            Flux<DataBuffer> content,
            ConfigSnapshot.AttachmentPolicy policy) {
        String field = TicketFields.ATTACHMENTS + "[" + index + "]";
        if (!policy.enabled()) {
            return Mono.error(RequestRefusedException.invalid(field, "cannot be accepted: attachments are turned off"));
        }
        if (index >= maxAttachments) {
            return Mono.error(RequestRefusedException.invalid(
                    field, "is one file too many: at most " + maxAttachments + " files per ticket"));
        }
        String fileName = FileNames.sanitize(originalName);
        String extension = FileNames.extension(fileName);
        if (!policy.allows(extension)) {
            return Mono.error(
                    RequestRefusedException.invalid(field, describe(fileName, extension, policy.allowedExtensions())));
        }
        return receiver.receive(content, policy.maxBytes())
                .onErrorMap(
                        AttachmentReceiver.AttachmentTooLargeException.class,
                        tooLarge -> RequestRefusedException.tooLarge(
                                field, "(" + fileName + ") is larger than " + tooLarge.maxBytes() + " bytes"))
                .map(received -> {
                    try {
                        String contentType = inspector.inspect(extension, declaredType, received.head());
                        return new StagedAttachment(
                                fileName, contentType, received.sizeBytes(), received.sha256(), received.staged());
                    } catch (ContentInspector.AttachmentRefusedException refused) {
                        store.discard(received.staged());
                        throw RequestRefusedException.invalid(field, "(" + fileName + ") " + refused.getMessage());
                    }
                });
    }

    private static String describe(String fileName, String extension, List<String> allowed) {
        String which = extension.isEmpty() ? "has no extension" : "has the extension ." + extension;
        return "(" + fileName + ") " + which + ", which is not accepted; accepted: " + String.join(", ", allowed);
    }
}
