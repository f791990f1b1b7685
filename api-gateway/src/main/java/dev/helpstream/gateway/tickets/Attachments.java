package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.AttachmentAdded;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.support.content.FileSystemBlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Serves a ticket's attachments from the blob store the intake channels wrote them to, with
 * headers that keep a browser from running them: always a download ({@code Content-Disposition:
 * attachment}), {@code X-Content-Type-Options: nosniff}, a sandboxing CSP, and active content types
 * (HTML, SVG, XML, scripts) served as {@code application/octet-stream}.
 */
@Component
class Attachments {

    private static final Set<String> ACTIVE_TYPES = Set.of(
            "text/html",
            "application/xhtml+xml",
            "image/svg+xml",
            "text/xml",
            "application/xml",
            "text/javascript",
            "application/javascript",
            "application/x-javascript");

    private final FileSystemBlobStore blobs;

    Attachments(FileSystemBlobStore blobs) {
        this.blobs = blobs;
    }

    /**
     * The attachment with this id among the conversation's messages (and notes, for staff).
     *
     * @param includeNotes whether attachments of internal notes count (never for customers)
     */
    static Optional<AttachmentRef> find(List<TicketEvent> conversation, String attachmentId, boolean includeNotes) {
        for (TicketEvent event : conversation) {
            Object payload = event.getPayload();
            List<AttachmentRef> refs = List.of();
            if (payload instanceof TicketOpened opened) {
                refs = opened.getAttachments();
            } else if (payload instanceof MessageAdded message) {
                refs = message.getAttachments();
            } else if (payload instanceof NoteAdded note && includeNotes) {
                refs = note.getAttachments();
            } else if (payload instanceof AttachmentAdded added && includeNotes) {
                refs = List.of(added.getAttachment());
            }
            for (AttachmentRef ref : refs) {
                if (ref.getAttachmentId().equals(attachmentId)) {
                    return Optional.of(ref);
                }
            }
        }
        return Optional.empty();
    }

    Mono<ResponseEntity<Resource>> download(AttachmentRef ref) {
        return Mono.fromCallable(() -> {
                    Path file = blobs.find(ref.getStorageKey())
                            .orElseThrow(() -> ApiProblem.notFound(
                                    "the file of attachment " + ref.getAttachmentId() + " is missing"));
                    HttpHeaders headers = new HttpHeaders();
                    headers.setContentDisposition(ContentDisposition.attachment()
                            .filename(ref.getFileName(), java.nio.charset.StandardCharsets.UTF_8)
                            .build());
                    headers.set("X-Content-Type-Options", "nosniff");
                    headers.set("Content-Security-Policy", "default-src 'none'; sandbox");
                    headers.setContentType(safeType(ref.getContentType()));
                    headers.setContentLength(Files.size(file));
                    return ResponseEntity.ok().headers(headers).body((Resource) new FileSystemResource(file));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    static MediaType safeType(String declared) {
        try {
            MediaType type = MediaType.parseMediaType(declared);
            String base = type.getType() + "/" + type.getSubtype();
            return ACTIVE_TYPES.contains(base.toLowerCase(java.util.Locale.ROOT))
                    ? MediaType.APPLICATION_OCTET_STREAM
                    : new MediaType(type.getType(), type.getSubtype());
        } catch (RuntimeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }
}
