package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Service;
import dev.helpstream.support.content.AttachmentPolicy;
import dev.helpstream.support.content.AttachmentReceiver;
import dev.helpstream.support.content.AttachmentRefusedException;
import dev.helpstream.support.content.FieldChecks;
import dev.helpstream.support.content.FileSystemBlobStore;
import dev.helpstream.support.content.StagedAttachment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Checks what people submit — a customer's new ticket, files attached to a reply or a note — by the
 * same rules as the ingest API (the shared {@code
 * dev.helpstream.support.content} rules): subject required, CC addresses valid, rich text
 * sanitized, a department and service the customer may choose, and attachments through the
 * extension allowlist, the size limit and content sniffing, stored in the shared blob store. Every
 * problem is reported with its field; a refused submission leaves no file behind.
 */
@Component
class Submissions {

    static final int MAX_FILES = 10;
    static final int MAX_CC = 10;
    static final int MAX_BODY = 100_000;

    /** What a customer submits. */
    record TicketForm(
            String subject, String text, String html, List<String> cc, String departmentId, String serviceId) {}

    /** A submission that passed the checks. */
    record Checked(String subject, MessageBody body, List<Contact> cc, String departmentId, String serviceId) {}

    private final ConfigView config;
    private final FileSystemBlobStore blobs;
    private final AttachmentReceiver receiver;

    Submissions(ConfigView config, FileSystemBlobStore blobs) {
        this.config = config;
        this.blobs = blobs;
        this.receiver = new AttachmentReceiver(blobs, MAX_FILES);
    }

    AttachmentPolicy policy() {
        return AttachmentPolicy.of(config.snapshot());
    }

    Mono<Checked> check(String customerEmail, TicketForm form) {
        // Sanitizing HTML is CPU work on up to half a megabyte: not on the event loop.
        return Mono.fromCallable(() -> checked(customerEmail, form)).subscribeOn(Schedulers.boundedElastic());
    }

    Checked checked(String customerEmail, TicketForm form) {
        FieldChecks checks = new FieldChecks();
        String subject = checks.line("subject", form.subject(), FieldChecks.MAX_SUBJECT);
        boolean html = form.html() != null && !form.html().isBlank();
        MessageBody body = checks.body(html ? "html" : "text", html ? form.html() : form.text(), html, MAX_BODY);
        List<String> given = form.cc() == null
                ? null
                : form.cc().stream()
                        .flatMap(value -> Arrays.stream(value.split(",")))
                        .map(String::strip)
                        .filter(value -> !value.isEmpty())
                        .toList();
        List<Contact> cc = checks.ccs("cc", given, MAX_CC, customerEmail);
        String departmentId = blankToNull(form.departmentId());
        String serviceId = blankToNull(form.serviceId());
        if (serviceId != null) {
            Optional<Service> service = config.snapshot()
                    .get(Service.class, serviceId)
                    .filter(found -> found.getActive() && found.getVisibleToCustomers());
            if (service.isEmpty()) {
                checks.add("serviceId", "is not a service you can choose");
            } else if (departmentId == null) {
                departmentId = service.get().getDepartmentId();
            } else if (!departmentId.equals(service.get().getDepartmentId())) {
                checks.add("serviceId", "is not a service of department " + departmentId);
            }
        }
        if (departmentId != null
                && config.snapshot()
                        .get(Department.class, departmentId)
                        .filter(found -> found.getActive() && found.getVisibleToCustomers())
                        .isEmpty()) {
            checks.add("departmentId", "is not a department you can choose");
        }
        if (checks.hasProblems()) {
            throw ApiProblem.unprocessable(
                    "the ticket cannot be opened as sent",
                    checks.problems().stream()
                            .map(problem -> new FieldError(problem.field(), problem.reason()))
                            .toList());
        }
        return new Checked(subject, body, cc, departmentId, serviceId);
    }

    /**
     * A required message body by the ingest rules (plain text cleaned, HTML sanitized, at most
     * {@value #MAX_BODY} characters); a 422 naming the field otherwise.
     */
    MessageBody body(String field, String value, boolean html) {
        FieldChecks checks = new FieldChecks();
        MessageBody body = checks.body(field, value, html, MAX_BODY);
        if (checks.hasProblems()) {
            throw ApiProblem.unprocessable(
                    "the message cannot be sent as written",
                    checks.problems().stream()
                            .map(problem -> new FieldError(problem.field(), problem.reason()))
                            .toList());
        }
        return body;
    }

    /**
     * Receives, checks and stores the files (the attachment settings' allowlist and size, content
     * sniffing); on any refusal, discards every staged file and answers 413 or 422 naming {@code
     * attachments[i]}.
     */
    Mono<List<AttachmentRef>> store(List<FilePart> files) {
        if (files.isEmpty()) {
            return Mono.just(List.of());
        }
        AttachmentPolicy policy = policy();
        List<StagedAttachment> staged = new java.util.concurrent.CopyOnWriteArrayList<>();
        return Flux.range(0, files.size())
                .concatMap(index -> {
                    FilePart file = files.get(index);
                    String type = file.headers().getContentType() == null
                            ? null
                            : file.headers().getContentType().toString();
                    return receiver.receive(index, file.filename(), type, file.content(), policy)
                            .doOnNext(staged::add)
                            .onErrorMap(
                                    AttachmentRefusedException.class,
                                    refused -> new ApiProblem(
                                            refused.tooLarge()
                                                    ? HttpStatus.CONTENT_TOO_LARGE
                                                    : HttpStatus.UNPROCESSABLE_ENTITY,
                                            "Attachment refused",
                                            refused.getMessage(),
                                            List.of(new FieldError(
                                                    "attachments[" + index + "]", refused.getMessage()))));
                })
                .collectList()
                .publishOn(Schedulers.boundedElastic())
                .map(accepted -> {
                    List<AttachmentRef> refs = new ArrayList<>();
                    for (StagedAttachment file : accepted) {
                        try {
                            refs.add(receiver.commit(file, UUID.randomUUID().toString()));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                    return refs;
                })
                .doOnError(error -> staged.forEach(file -> blobs.discard(file.staged())));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The text of a form field of a multipart body, or null. */
    static String field(MultiValueMap<String, Part> parts, String name) {
        Part part = parts.getFirst(name);
        return part instanceof FormFieldPart field ? field.value() : null;
    }

    /** Every value of a repeated form field. */
    static List<String> fields(MultiValueMap<String, Part> parts, String name) {
        return parts.getOrDefault(name, List.of()).stream()
                .filter(FormFieldPart.class::isInstance)
                .map(part -> ((FormFieldPart) part).value())
                .toList();
    }

    /** The files of a multipart body under {@code attachments}. */
    static List<FilePart> files(MultiValueMap<String, Part> parts) {
        return parts.getOrDefault("attachments", List.of()).stream()
                .filter(FilePart.class::isInstance)
                .map(FilePart.class::cast)
                .toList();
    }
}
