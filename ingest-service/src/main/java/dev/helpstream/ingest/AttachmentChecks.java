package dev.helpstream.ingest;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.support.content.AttachmentPolicy;
import dev.helpstream.support.content.AttachmentReceiver;
import dev.helpstream.support.content.AttachmentRefusedException;
import dev.helpstream.support.content.BlobStore;
import dev.helpstream.support.content.StagedAttachment;
import java.io.IOException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Receives the uploaded files of a submission with the shared attachment rules ({@link
 * AttachmentReceiver}: on/off switch, {@code helpstream.intake.max-attachments} files, extension
 * allowlist, size while streaming, content check) and answers a refusal the way the API does.
 *
 * <p>Output: a {@link StagedAttachment}, or a {@link RequestRefusedException} (413 for size, 422
 * otherwise) naming the field {@code attachments[i]}; a refused file leaves nothing on disk.
 */
@Component
class AttachmentChecks {

    private final AttachmentReceiver receiver;

    AttachmentChecks(BlobStore store, IngestProperties properties) {
        this.receiver = new AttachmentReceiver(store, properties.intake().maxAttachments());
    }

    /**
     * Receives and checks the {@code index}-th file of a submission.
     *
     * @param declaredType the part's {@code Content-Type}, or null
     * @param policy the attachment settings in force for this request
     */
    Mono<StagedAttachment> receive(
            int index, String originalName, String declaredType, Flux<DataBuffer> content, AttachmentPolicy policy) {
        String field = TicketFields.ATTACHMENTS + "[" + index + "]";
        return receiver.receive(index, originalName, declaredType, content, policy)
                .onErrorMap(
                        AttachmentRefusedException.class,
                        refused -> refused.tooLarge()
                                ? RequestRefusedException.tooLarge(field, refused.getMessage())
                                : RequestRefusedException.invalid(field, refused.getMessage()));
    }

    /** Stores an accepted file under its content address. Blocks (file system). */
    AttachmentRef commit(StagedAttachment file, String attachmentId) throws IOException {
        return receiver.commit(file, attachmentId);
    }
}
