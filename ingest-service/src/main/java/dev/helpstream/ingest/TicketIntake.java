package dev.helpstream.ingest;

import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.support.content.BlobStore;
import dev.helpstream.support.content.StagedAttachment;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Turns one received submission into one inbound message on {@code tickets.inbound.v1}.
 *
 * <p>Input: the caller, the request's metadata, the text fields and the attachments already
 * received and checked into the staging area. Output: at most one record on {@code
 * tickets.inbound.v1}, keyed by the message id, and the ticket id it opens.
 *
 * <p>Order and invariants: a public post with a filled honeypot is dropped (answered like a
 * success so that bots learn nothing; nothing is written or stored); then every field is
 * validated; then the attachments are committed to the blob store; only then is the record sent,
 * and the answer waits for the broker's acknowledgement. A refusal at any step writes nothing to
 * Kafka and leaves no staged file. The message id is {@code api:<key id>:<Idempotency-Key>} or
 * {@code form:<Idempotency-Key>} (so two integrators' keys never collide), or a random UUID in the
 * same scope without a key; the ticket id is {@link TicketIds#forInboundMessage}, so a retry names
 * the same ticket.
 */
@Component
class TicketIntake {

    private static final Logger log = LoggerFactory.getLogger(TicketIntake.class);

    private final SubmissionValidator validator;
    private final ConfigView config;
    private final AttachmentChecks attachmentChecks;
    private final BlobStore blobs;
    private final InboundPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;
    private final RecentSubmissions recent;
    private final String honeypotField;

    TicketIntake(
            SubmissionValidator validator,
            ConfigView config,
            AttachmentChecks attachmentChecks,
            BlobStore blobs,
            InboundPublisher publisher,
            Clock clock,
            MeterRegistry meters,
            IngestProperties properties) {
        this.validator = validator;
        this.config = config;
        this.attachmentChecks = attachmentChecks;
        this.blobs = blobs;
        this.publisher = publisher;
        this.clock = clock;
        this.meters = meters;
        this.recent = new RecentSubmissions(properties.intake().idempotencyCacheSize());
        this.honeypotField = properties.intake().honeypotField();
    }

    /**
     * Validates, stores and writes one submission.
     *
     * @param attachments files already received and checked, in the staging area; they are
     *     committed or deleted whatever the outcome
     */
    Mono<TicketAccepted> submit(
            Caller caller, RequestInfo request, TicketFields fields, List<StagedAttachment> attachments) {
        String messageId = caller.messageIdScope()
                + (request.idempotencyKey() != null
                        ? request.idempotencyKey()
                        : UUID.randomUUID().toString());
        TicketAccepted answer = new TicketAccepted(TicketIds.forInboundMessage(messageId), messageId);
        return Mono.defer(() -> {
                    if (caller instanceof Caller.Public && honeypotFilled(fields)) {
                        log.info("Dropped a public post from {} whose honeypot field was filled", request.clientIp());
                        count(caller, "dropped");
                        return Mono.just(answer);
                    }
                    SubmissionValidator.ValidSubmission valid = validator.validate(caller, fields, config.snapshot());
                    String fingerprint = fingerprint(caller, valid, attachments);
                    if (request.idempotencyKey() != null) {
                        var earlier = recent.find(messageId);
                        if (earlier.isPresent()) {
                            if (!earlier.get().fingerprint().equals(fingerprint)) {
                                throw RequestRefusedException.invalid(
                                        "Idempotency-Key", "was already used for a different request");
                            }
                            count(caller, "replayed");
                            return Mono.just(earlier.get().accepted());
                        }
                    }
                    return commit(messageId, attachments)
                            .map(refs -> message(caller, request, messageId, valid, refs))
                            .flatMap(publisher::publish)
                            .map(metadata -> {
                                recent.remember(messageId, fingerprint, answer);
                                count(caller, "accepted");
                                log.debug(
                                        "Wrote {} to {}-{}@{}",
                                        messageId,
                                        metadata.topic(),
                                        metadata.partition(),
                                        metadata.offset());
                                return answer;
                            });
                })
                .doFinally(signal -> discardLeftovers(attachments));
    }

    private boolean honeypotFilled(TicketFields fields) {
        String value = fields.value(honeypotField);
        return value != null && !value.isEmpty();
    }

    private Mono<List<AttachmentRef>> commit(String messageId, List<StagedAttachment> attachments) {
        if (attachments.isEmpty()) {
            return Mono.just(List.of());
        }
        return Mono.fromCallable(() -> {
                    List<AttachmentRef> refs = new ArrayList<>();
                    for (int i = 0; i < attachments.size(); i++) {
                        StagedAttachment file = attachments.get(i);
                        String attachmentId = UUID.nameUUIDFromBytes(
                                        (messageId + "#" + i + "#" + file.sha256()).getBytes(StandardCharsets.UTF_8))
                                .toString();
                        try {
                            refs.add(attachmentChecks.commit(file, attachmentId));
                        } catch (IOException e) {
                            throw new UncheckedIOException("Cannot store " + file.fileName(), e);
                        }
                    }
                    return List.copyOf(refs);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(
                        UncheckedIOException.class,
                        error -> RequestRefusedException.unavailable("The attachments could not be stored.", error));
    }

    private InboundMessage message(
            Caller caller,
            RequestInfo request,
            String messageId,
            SubmissionValidator.ValidSubmission valid,
            List<AttachmentRef> attachments) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(caller.channel())
                .setReceivedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .setFrom(valid.from())
                .setTo(List.of())
                .setCc(valid.cc())
                .setSubject(valid.subject())
                .setBody(valid.body())
                .setAttachments(attachments)
                .setReferences(List.of())
                .setAutomation(AutomationIndicators.newBuilder().build())
                .setHints(valid.hints())
                .setSubmittedBy(caller.actor())
                .setLanguage(valid.language())
                .setClientIp(request.clientIp())
                .setUserAgent(request.userAgent())
                .setHeaders(
                        request.idempotencyKey() == null
                                ? Map.of()
                                : Map.of("idempotency-key", request.idempotencyKey()))
                .build();
    }

    private void discardLeftovers(List<StagedAttachment> attachments) {
        if (!attachments.isEmpty()) {
            // A committed file was moved away; deleting it again is a no-op.
            Schedulers.boundedElastic().schedule(() -> attachments.forEach(file -> blobs.discard(file.staged())));
        }
    }

    private void count(Caller caller, String outcome) {
        meters.counter(
                        "helpstream.ingest.submissions",
                        "channel",
                        caller.channel().name(),
                        "outcome",
                        outcome)
                .increment();
    }

    private static String fingerprint(
            Caller caller, SubmissionValidator.ValidSubmission valid, List<StagedAttachment> attachments) {
        StringBuilder canonical = new StringBuilder()
                .append(caller.messageIdScope())
                .append('\n')
                .append(valid.from())
                .append('\n')
                .append(valid.subject())
                .append('\n')
                .append(valid.body())
                .append('\n')
                .append(valid.cc())
                .append('\n')
                .append(valid.hints())
                .append('\n')
                .append(valid.language());
        for (StagedAttachment file : attachments) {
            canonical.append('\n').append(file.fileName()).append(' ').append(file.sha256());
        }
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256")
                            .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * What the HTTP request says besides its fields.
     *
     * @param idempotencyKey the {@code Idempotency-Key} header, checked, or null
     * @param clientIp the client's address, or null
     * @param userAgent the {@code User-Agent} header, or null
     */
    record RequestInfo(String idempotencyKey, String clientIp, String userAgent) {}
}
