package dev.helpstream.gateway.admin;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.DeliveryRecord;
import dev.helpstream.schema.WebhookTestRequest;
import dev.helpstream.schema.config.Webhook;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the notifier did, for admins: {@code GET /webhooks/{id}/deliveries} lists a webhook's recent
 * delivery attempts and {@code GET /deliveries?ticketId=} a ticket's email attempts, newest first
 * ({@code limit} 1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}), from the {@link
 * DeliveryLog}; {@code POST /webhooks/{id}/test} asks the notifier to send the webhook a test event
 * ({@link WebhookTestRequests}) and answers 202 with the request id, whose attempts then appear in
 * the deliveries list at {@code Location}.
 *
 * <p>Who: as for the rest of the admin API ({@link AdminController}): admins and keys with {@code
 * config:read} read, admins and keys with {@code config:write} ask for test events. A webhook id
 * not in the configuration is 404; a disabled webhook gets no test event (409); a log that stopped
 * following its topic answers 503 rather than a list that silently stopped growing. Documented by
 * {@link AdminApiDocs}.
 */
@Hidden
@RestController
@RequestMapping(path = AdminController.BASE, produces = MediaType.APPLICATION_JSON_VALUE)
class DeliveryController {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private static final Logger log = LoggerFactory.getLogger(DeliveryController.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AdminService admin;
    private final DeliveryLog deliveries;
    private final WebhookTestRequests tests;
    private final Clock clock;

    DeliveryController(AdminService admin, DeliveryLog deliveries, WebhookTestRequests tests, Clock clock) {
        this.admin = admin;
        this.deliveries = deliveries;
        this.tests = tests;
        this.clock = clock;
    }

    @GetMapping("/webhooks/{id}/deliveries")
    Mono<ObjectNode> webhookDeliveries(
            @PathVariable String id,
            @RequestParam(name = "limit", required = false) String limit,
            @AuthenticationPrincipal Caller caller) {
        AdminController.mayRead(caller);
        int count = limit(limit);
        webhook(id);
        available();
        ObjectNode body = NODES.objectNode();
        body.put("webhookId", id);
        return Mono.just(list(body, deliveries.webhookAttempts(id, count)));
    }

    @GetMapping("/deliveries")
    Mono<ObjectNode> emailDeliveries(
            @RequestParam(name = "ticketId", required = false) String ticketId,
            @RequestParam(name = "limit", required = false) String limit,
            @AuthenticationPrincipal Caller caller) {
        AdminController.mayRead(caller);
        if (ticketId == null || ticketId.isBlank()) {
            throw ApiProblem.badRequest(
                    "Name the ticket whose email deliveries to list.",
                    List.of(new FieldError("ticketId", "is required")));
        }
        int count = limit(limit);
        available();
        ObjectNode body = NODES.objectNode();
        body.put("ticketId", ticketId);
        return Mono.just(list(body, deliveries.emailAttempts(ticketId, count)));
    }

    @PostMapping("/webhooks/{id}/test")
    Mono<ResponseEntity<ObjectNode>> test(@PathVariable String id, @AuthenticationPrincipal Caller caller) {
        AdminController.mayWrite(caller);
        Webhook webhook = webhook(id);
        if (!webhook.getEnabled()) {
            throw ApiProblem.conflict(AdminCollection.WEBHOOKS.path(id)
                    + " is disabled and receives nothing, test events included; enable it first.");
        }
        WebhookTestRequest request = WebhookTestRequest.newBuilder()
                .setRequestId(UUID.randomUUID().toString())
                .setWebhookId(id)
                .setRequestedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS))
                .setRequestedBy(caller.toActor())
                .build();
        return tests.send(request).then(Mono.fromSupplier(() -> {
            log.info(
                    "Test event {} for {} requested by {}:{}",
                    request.getRequestId(),
                    AdminCollection.WEBHOOKS.path(id),
                    caller.kind(),
                    caller.id());
            ObjectNode body = NODES.objectNode();
            body.put("requestId", request.getRequestId());
            return ResponseEntity.accepted()
                    .location(
                            URI.create(AdminController.BASE + "/" + AdminCollection.WEBHOOKS.path(id) + "/deliveries"))
                    .body(body);
        }));
    }

    /** The attempt as the admin API shows it. */
    static ObjectNode render(DeliveryRecord attempt) {
        ObjectNode json = NODES.objectNode();
        json.put("deliveryId", attempt.getDeliveryId());
        json.put("eventId", attempt.getEventId());
        json.put("eventType", attempt.getEventType());
        json.put("status", attempt.getStatus().name());
        json.put("attempt", attempt.getAttempt());
        json.put("httpStatus", attempt.getHttpStatus());
        json.put("error", attempt.getError());
        json.put("durationMillis", attempt.getDurationMillis());
        json.put("at", DateTimeFormatter.ISO_INSTANT.format(attempt.getAt()));
        return json;
    }

    private ObjectNode list(ObjectNode body, List<DeliveryRecord> attempts) {
        // False while the log still reads what was on the topic at start: the list may grow older items.
        body.put("caughtUp", deliveries.caughtUp());
        ArrayNode items = body.putArray("items");
        attempts.forEach(attempt -> items.add(render(attempt)));
        return body;
    }

    private Webhook webhook(String id) {
        return admin.snapshot()
                .get(Webhook.class, id)
                .orElseThrow(() -> ApiProblem.notFound("There is no " + AdminCollection.WEBHOOKS.path(id) + "."));
    }

    private void available() {
        if (deliveries.stopped()) {
            throw new ApiProblem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    null,
                    "The delivery log is not being read; the gateway's log says why.",
                    List.of());
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest(
                "limit out of range", List.of(new FieldError("limit", "must be between 1 and " + MAX_LIMIT)));
    }
}
