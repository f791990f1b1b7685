package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.TicketAccess;
import dev.helpstream.gateway.view.TicketChange;
import dev.helpstream.gateway.view.TicketViews;
import dev.helpstream.gateway.view.ViewQuery;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.PresenceActivity;
import dev.helpstream.schema.Ticket;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Live updates for staff as Server-Sent Events, pushed when the views apply a change (no
 * polling): a view's stream carries every change of a ticket the caller may see, its SLA changes
 * included (a target set, warned, breached, met, paused or resumed moves a ticket in and out of the
 * late view without a new ticket version), saying whether it now belongs to the view; a ticket's
 * stream carries its new state, its new events, its new SLA block and who else is on it. Holding a
 * ticket's stream open counts as viewing it (collision detection); {@code POST .../presence} says
 * "replying".
 */
@RestController
@RequestMapping("/api/v1/staff")
@Tag(name = "Staff: live updates")
class StaffStreamController {

    private final TicketViews views;
    private final TicketJson json;
    private final Presence presence;
    private final TicketsProperties properties;
    private final LiveAccess access;

    StaffStreamController(
            TicketViews views, TicketJson json, Presence presence, TicketsProperties properties, LiveAccess access) {
        this.access = access;
        this.views = views;
        this.json = json;
        this.presence = presence;
        this.properties = properties;
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Live changes of a view",
            description = "Same parameters as /views/{view} (view defaults to open; late included). Each 'ticket'"
                    + " event holds the ticket's row (with its next due SLA target) and inView: whether it belongs"
                    + " to the view after the change (a ticket the caller may no longer see comes as {ticketId,"
                    + " inView: false}). A change of the ticket's SLA (warning, breach, met, paused, resumed, new"
                    + " due times) comes as a 'ticket' event too, with the same version. A first 'ready' event"
                    + " says the stream is live; the stream ends when the token expires or the caller loses"
                    + " access. A client that falls too far behind the changes gets a last 'reset' event with"
                    + " the reason: reload the view and open the stream again.")
    Flux<ServerSentEvent<JsonNode>> viewStream(
            @AuthenticationPrincipal Caller caller,
            Principal principal,
            @RequestParam(name = "view", defaultValue = "open") String view,
            @RequestParam MultiValueMap<String, String> params) {
        StaffViewController.requireRead(caller);
        ViewQuery query = ViewRequests.staff(caller, view, params);
        // The version of each ticket this stream showed: one the caller may no longer see leaves the
        // view, without its data; a snapshot already shown (the views may publish a ticket's event
        // and its snapshot as two changes) is not sent twice, unless its SLA changed.
        Map<String, Long> shown = new ConcurrentHashMap<>();
        Flux<ServerSentEvent<JsonNode>> changes = views.changes().concatMapIterable(change -> {
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            if (access.canRead(caller, change.ticket())) {
                long version = change.ticket().getVersion();
                Long before = shown.get(change.ticketId());
                if (before != null && before >= version && !change.slaChanged()) {
                    return List.of();
                }
                shown.merge(change.ticketId(), version, Math::max);
                data.set("ticket", json.staffRow(change.ticket(), Optional.ofNullable(change.sla())));
                data.put("inView", ViewRequests.matches(query, change.ticket(), change.sla()));
            } else if (shown.remove(change.ticketId()) != null) {
                data.put("ticketId", change.ticketId());
                data.put("inView", false);
            } else {
                return List.of();
            }
            return List.of(ServerSentEvent.<JsonNode>builder(data)
                    .event("ticket")
                    .id(change.ticketId() + ":" + change.ticket().getVersion())
                    .build());
        });
        // Subscribed in order: the changes first, so whatever happens after 'ready' is delivered.
        return Flux.merge(LiveStreams.resetWhenBehind(changes, "the view stream"), ready(), heartbeats())
                .takeUntil(LiveStreams::isReset)
                .takeUntilOther(access.end(caller, principal));
    }

    /** Tells the client the stream is live: every change after it will be delivered. */
    static Mono<ServerSentEvent<JsonNode>> ready() {
        return Mono.just(ServerSentEvent.<JsonNode>builder(JsonNodeFactory.instance.objectNode())
                .event("ready")
                .build());
    }

    @GetMapping(path = "/tickets/{ticketId}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Live changes of one ticket and who else is on it",
            description = "Events: 'presence' (the agents viewing or replying, first at once), 'ticket' (the"
                    + " current state at once, then each new state), 'event' (each new conversation event), 'sla'"
                    + " (the ticket's SLA block, as on the ticket, each time it changes; null once no policy"
                    + " applies), 'revoked' when the caller may no longer see the ticket (the stream then ends)."
                    + " The stream also ends when the token expires or the caller loses its standing, and after a"
                    + " 'reset' event when the client fell too far behind the changes (reload, then reconnect).")
    Mono<ResponseEntity<Flux<ServerSentEvent<JsonNode>>>> ticketStream(
            @AuthenticationPrincipal Caller caller, Principal principal, @PathVariable String ticketId) {
        return Mono.fromCallable(() -> {
                    StaffViewController.requireRead(caller);
                    views.ticket(ticketId)
                            .filter(ticket -> TicketAccess.canRead(caller, ticket))
                            .orElseThrow(() -> ApiProblem.notFound("no ticket " + ticketId));
                    boolean person = caller.isStaff();
                    // The newest state sent: an older or equal one is not sent again.
                    AtomicLong lastShown = new AtomicLong();
                    Flux<ServerSentEvent<JsonNode>> ticketChanges = views.changes()
                            .filter(change -> change.ticketId().equals(ticketId))
                            .concatMap(change -> Flux.fromIterable(ticketEvents(caller, change, lastShown)))
                            .takeUntil(event -> "revoked".equals(event.event()));
                    // Read after subscribing to the changes: a change made between the client's
                    // read and this stream is in the snapshot or in the changes (by version).
                    Mono<ServerSentEvent<JsonNode>> snapshot = Mono.fromCallable(() -> views.ticket(ticketId)
                                    .filter(ticket -> lastShown.getAndAccumulate(ticket.getVersion(), Math::max)
                                            < ticket.getVersion())
                                    .map(ticket -> ServerSentEvent.<JsonNode>builder(json.staffTicket(ticket))
                                            .event("ticket")
                                            .id(ticket.getTicketId() + ":" + ticket.getVersion())
                                            .build()))
                            .flatMap(Mono::justOrEmpty);
                    Flux<ServerSentEvent<JsonNode>> viewers = Flux.concat(
                                    Mono.just(ticketId), presence.changes().filter(ticketId::equals))
                            .map(id -> ServerSentEvent.<JsonNode>builder(presence.viewersJson(id))
                                    .event("presence")
                                    .build());
                    Flux<ServerSentEvent<JsonNode>> beats = person
                            ? Flux.interval(
                                            java.time.Duration.ZERO,
                                            presence.ttl().dividedBy(2))
                                    .concatMap(tick ->
                                            presence.keepAlive(caller, ticketId).onErrorResume(e -> Mono.empty()))
                                    .thenMany(Flux.empty())
                            : Flux.empty();
                    Flux<ServerSentEvent<JsonNode>> stream = Flux.merge(
                                    LiveStreams.resetWhenBehind(ticketChanges, "a ticket stream"),
                                    viewers,
                                    snapshot,
                                    beats,
                                    heartbeats())
                            .takeUntil(event -> "revoked".equals(event.event()) || LiveStreams.isReset(event))
                            .takeUntilOther(access.end(caller, principal))
                            .doFinally(signal -> {
                                if (person) {
                                    presence.leave(caller, ticketId)
                                            .onErrorResume(e -> Mono.empty())
                                            .subscribe();
                                }
                            });
                    return ResponseEntity.ok()
                            .contentType(MediaType.TEXT_EVENT_STREAM)
                            .body(stream);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The body of a presence update: {@code {"activity": "VIEWING" | "REPLYING" | "LEFT"}}. */
    record PresenceBody(String activity) {}

    @PostMapping("/tickets/{ticketId}/presence")
    @Operation(summary = "Tell the other agents you are viewing, replying to or leaving the ticket")
    Mono<ResponseEntity<JsonNode>> presence(
            @AuthenticationPrincipal Caller caller, @PathVariable String ticketId, @RequestBody PresenceBody body) {
        return Mono.fromCallable(() -> {
                    if (!caller.isStaff()) {
                        throw ApiProblem.forbidden("presence is for agents");
                    }
                    views.ticket(ticketId)
                            .filter(ticket -> TicketAccess.canRead(caller, ticket))
                            .orElseThrow(() -> ApiProblem.notFound("no ticket " + ticketId));
                    try {
                        return PresenceActivity.valueOf(
                                Optional.ofNullable(body.activity()).orElse("").toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw ApiProblem.unprocessable(
                                "unknown activity",
                                List.of(new FieldError("activity", "one of VIEWING, REPLYING, LEFT")));
                    }
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(activity -> presence.declare(caller, ticketId, activity))
                .then(Mono.fromSupplier(() -> ResponseEntity.ok((JsonNode) presence.viewersJson(ticketId))));
    }

    private List<ServerSentEvent<JsonNode>> ticketEvents(Caller caller, TicketChange change, AtomicLong lastShown) {
        Ticket ticket = change.ticket();
        if (!access.canRead(caller, ticket)) {
            return List.of(ServerSentEvent.<JsonNode>builder(JsonNodeFactory.instance.objectNode())
                    .event("revoked")
                    .build());
        }
        boolean notes = TicketAccess.seesNotes(caller);
        List<ServerSentEvent<JsonNode>> events = new java.util.ArrayList<>();
        change.events().stream()
                .filter(event -> notes || !TicketJson.staffOnly(event))
                .forEach(event -> events.add(ServerSentEvent.<JsonNode>builder(
                                json.staffConversation(List.of(event)).get(0))
                        .event("event")
                        .id(event.getEventId())
                        .build()));
        if (lastShown.getAndAccumulate(ticket.getVersion(), Math::max) < ticket.getVersion()) {
            events.add(ServerSentEvent.<JsonNode>builder(json.staffTicket(ticket))
                    .event("ticket")
                    .id(ticket.getTicketId() + ":" + ticket.getVersion())
                    .build());
        }
        if (change.slaChanged()) {
            events.add(ServerSentEvent.<JsonNode>builder(json.staffSla(Optional.ofNullable(change.sla())))
                    .event("sla")
                    .build());
        }
        return events;
    }

    private Flux<ServerSentEvent<JsonNode>> heartbeats() {
        return heartbeats(properties.streams().heartbeat());
    }

    /** A comment every so often, so that proxies keep an idle stream open. */
    static Flux<ServerSentEvent<JsonNode>> heartbeats(java.time.Duration every) {
        return Flux.interval(every)
                .map(tick -> ServerSentEvent.<JsonNode>builder()
                        .comment("keep-alive")
                        .build());
    }
}
