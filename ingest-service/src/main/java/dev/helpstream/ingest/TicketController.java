package dev.helpstream.ingest;

import dev.helpstream.support.content.AttachmentPolicy;
import dev.helpstream.support.content.BlobStore;
import dev.helpstream.support.content.StagedAttachment;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code POST /api/v1/tickets}: opens a ticket for an integrator (API key) or a public form post.
 *
 * <p>Accepts {@code application/json} (no attachments), {@code multipart/form-data} (fields and
 * files named {@code attachments}) and {@code application/x-www-form-urlencoded} (fields only).
 * The caller is authenticated before a byte of the body is read, so an unauthorized upload is
 * never stored. Multipart bodies are consumed as a stream of part events: each file goes through
 * {@link AttachmentChecks} as it arrives. Answers {@code 202 Accepted} with {@code {ticketId,
 * messageId}} and {@code Location: /api/v1/tickets/{ticketId}} (served by the API gateway) once
 * Kafka has the message; refusals are problem responses ({@link ProblemResponses}).
 */
@RestController
class TicketController {

    static final String PATH = "/api/v1/tickets";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Pattern KEY_CHARACTERS = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final ApiKeyAuthenticator authenticator;
    private final AttachmentChecks attachments;
    private final TicketIntake intake;
    private final ConfigView config;
    private final BlobStore blobs;
    private final String honeypotField;

    TicketController(
            ApiKeyAuthenticator authenticator,
            AttachmentChecks attachments,
            TicketIntake intake,
            ConfigView config,
            BlobStore blobs,
            IngestProperties properties) {
        this.authenticator = authenticator;
        this.attachments = attachments;
        this.intake = intake;
        this.config = config;
        this.blobs = blobs;
        this.honeypotField = properties.intake().honeypotField();
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<TicketAccepted>> fromJson(
            @RequestBody(required = false) Mono<Map<String, Object>> body, ServerHttpRequest request) {
        return Mono.defer(() -> {
                    Caller caller = authenticator.authenticate(request.getHeaders());
                    TicketIntake.RequestInfo info = info(request);
                    return body.switchIfEmpty(Mono.error(RequestRefusedException.malformed(null, "The body is empty.")))
                            .flatMap(json ->
                                    intake.submit(caller, info, TicketFields.fromJson(json, honeypotField), List.of()));
                })
                .map(TicketController::accepted);
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<ResponseEntity<TicketAccepted>> fromUrlEncodedForm(ServerWebExchange exchange) {
        return Mono.defer(() -> {
                    Caller caller =
                            authenticator.authenticate(exchange.getRequest().getHeaders());
                    TicketIntake.RequestInfo info = info(exchange.getRequest());
                    return exchange.getFormData().flatMap(data -> {
                        TicketFields.Form form = TicketFields.form(honeypotField);
                        addAll(form, data);
                        return intake.submit(caller, info, form.fields(), List.of());
                    });
                })
                .map(TicketController::accepted);
    }

    @PostMapping(path = PATH, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<TicketAccepted>> fromMultipartForm(
            @RequestBody Flux<PartEvent> parts, ServerHttpRequest request) {
        return Mono.defer(() -> {
                    Caller caller = authenticator.authenticate(request.getHeaders());
                    TicketIntake.RequestInfo info = info(request);
                    AttachmentPolicy policy = config.snapshot().attachments();
                    TicketFields.Form form = TicketFields.form(honeypotField);
                    // Parts are handled one after the other (concatMap), so these need no locking.
                    List<StagedAttachment> staged = new ArrayList<>();
                    AtomicInteger files = new AtomicInteger();
                    PartBuffers buffers = new PartBuffers();
                    return parts.windowUntil(PartEvent::isLast)
                            .concatMap(part -> part.switchOnFirst((first, events) -> {
                                if (first.get() instanceof FilePartEvent file) {
                                    if (!file.name().equals(TicketFields.ATTACHMENTS)) {
                                        return Mono.error(RequestRefusedException.invalid(
                                                file.name(), "is not a file field; send files as attachments"));
                                    }
                                    MediaType declared = file.headers().getContentType();
                                    return attachments
                                            .receive(
                                                    files.getAndIncrement(),
                                                    file.filename(),
                                                    declared == null ? null : declared.toString(),
                                                    events.map(buffers::take),
                                                    policy)
                                            .doOnNext(staged::add)
                                            .then();
                                }
                                if (first.get() instanceof FormPartEvent field) {
                                    form.add(field.name(), field.value());
                                }
                                return events.doOnNext(buffers::consume).then();
                            }))
                            .then(Mono.defer(() -> intake.submit(caller, info, form.fields(), List.copyOf(staged))))
                            .doOnError(error -> discard(staged))
                            .doOnCancel(() -> discard(staged))
                            // A refused upload leaves part events queued in the window operators;
                            // their network buffers must go back to the pool, once (PartBuffers). The
                            // buffers handed to the attachment receiver are its own to release; a
                            // DataBuffer hook here would release those a second time.
                            .doOnDiscard(PartEvent.class, buffers::discard);
                })
                .map(TicketController::accepted);
    }

    private void discard(List<StagedAttachment> staged) {
        List<StagedAttachment> files = List.copyOf(staged);
        if (!files.isEmpty()) {
            Schedulers.boundedElastic().schedule(() -> files.forEach(file -> blobs.discard(file.staged())));
        }
    }

    private static void addAll(TicketFields.Form form, MultiValueMap<String, String> data) {
        data.forEach((name, values) -> values.forEach(value -> form.add(name, value)));
    }

    private static ResponseEntity<TicketAccepted> accepted(TicketAccepted accepted) {
        return ResponseEntity.accepted()
                .location(URI.create(PATH + "/" + accepted.ticketId()))
                .contentType(MediaType.APPLICATION_JSON)
                .body(accepted);
    }

    private static TicketIntake.RequestInfo info(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        List<String> keys = headers.getOrEmpty(IDEMPOTENCY_KEY);
        if (keys.size() > 1) {
            throw RequestRefusedException.malformed(IDEMPOTENCY_KEY, "is given more than once");
        }
        String key = keys.isEmpty() ? null : keys.get(0).strip();
        if (key != null && !KEY_CHARACTERS.matcher(key).matches()) {
            throw RequestRefusedException.malformed(
                    IDEMPOTENCY_KEY, "must be 1 to 255 visible ASCII characters without spaces");
        }
        InetSocketAddress remote = request.getRemoteAddress();
        String clientIp = remote == null || remote.getAddress() == null
                ? null
                : remote.getAddress().getHostAddress();
        return new TicketIntake.RequestInfo(key, clientIp, headers.getFirst(HttpHeaders.USER_AGENT));
    }
}
