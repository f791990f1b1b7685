package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.TicketAccess;
import dev.helpstream.gateway.view.SearchQuery;
import dev.helpstream.gateway.view.TicketPage;
import dev.helpstream.gateway.view.TicketViews;
import dev.helpstream.gateway.view.ViewQuery;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.Ticket;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The staff's reading side: the views (open, mine, team, unassigned, late, all, per department and
 * service through filters), a customer's record, search, a ticket with its whole conversation and
 * its SLA, and attachment downloads. Every answer is limited to the tickets the caller may see: an
 * agent's departments, everything for admins and for API keys with {@code tickets:read}. SLA data
 * is eventually consistent with the ticket (it comes from sla-stream after the ticket's events).
 */
@RestController
@RequestMapping("/api/v1/staff")
@Tag(name = "Staff: views, search and tickets")
class StaffViewController {

    private final TicketViews views;
    private final TicketJson json;
    private final Attachments attachments;
    private final Presence presence;

    StaffViewController(TicketViews views, TicketJson json, Attachments attachments, Presence presence) {
        this.views = views;
        this.json = json;
        this.attachments = attachments;
        this.presence = presence;
    }

    @GetMapping("/views/{view}")
    @Operation(
            summary = "A view of tickets",
            description = "view: open, mine, team, unassigned, late or all. late: tickets not closed with an SLA"
                    + " target breached or at risk (warning fired, not met, clock running), earliest due first."
                    + " Filters (repeatable or comma-separated): status, priority, category, type, assignee,"
                    + " department, service, tag, customer, lifecycle (all only). sort: number, created, updated"
                    + " (default; slaDue for late), status, priority (important first), customer, slaDue (the"
                    + " earliest due SLA target whose clock runs; tickets without one last); order: desc"
                    + " (default; asc for slaDue) or asc; cursor from the previous page's nextCursor; limit 1-200"
                    + " (default 50). Each item carries sla: the SLA target due next (null without one).")
    Mono<JsonNode> view(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String view,
            @RequestParam MultiValueMap<String, String> params) {
        return Mono.fromCallable(() -> {
                    requireRead(caller);
                    return page(views.query(ViewRequests.staff(caller, view, params)));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/customers/{email}/tickets")
    @Operation(summary = "A customer's record: every ticket of one customer the caller may see")
    Mono<JsonNode> customerRecord(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String email,
            @RequestParam MultiValueMap<String, String> params) {
        return Mono.fromCallable(() -> {
                    requireRead(caller);
                    return page(views.query(
                            ViewRequests.customerRecord(TicketAccess.allowedDepartments(caller), email, params)));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/search")
    @Operation(
            summary = "Search tickets by subject, content and author",
            description = "q is plain words (no query syntax). The view filters of /views apply; notes are"
                    + " searched too.")
    Mono<JsonNode> search(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(name = "q") String text,
            @RequestParam MultiValueMap<String, String> params) {
        return Mono.fromCallable(() -> {
                    requireRead(caller);
                    ViewQuery scope = ViewRequests.staff(
                            caller, Optional.ofNullable(params.getFirst("view")).orElse("all"), params);
                    try {
                        return page(views.search(new SearchQuery(text, scope, TicketAccess.seesNotes(caller))));
                    } catch (IllegalArgumentException e) {
                        throw ApiProblem.badRequest(e.getMessage(), List.of(new FieldError("q", e.getMessage())));
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/tickets/{ticketRef}")
    @Operation(
            summary = "A ticket with its whole conversation",
            description = "ticketRef is the ticket id or its number. The conversation is every event in order:"
                    + " messages, notes and changes; viewers are the agents looking at or replying to it now;"
                    + " sla is the SLA policy and its targets (null when no policy applies), with the time left"
                    + " computed at the request (remainingBusinessMillis: business time when the target counts"
                    + " it, frozen while paused, negative once overdue). minVersion (the ETag of a command's"
                    + " answer, maybe from another gateway instance) waits until this instance's views hold at"
                    + " least that version (of the ticket; SLA data follows eventually).")
    Mono<ResponseEntity<JsonNode>> ticket(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketRef,
            @RequestParam(required = false) Long minVersion) {
        return ConsistentReads.atLeast(views, ticketRef, minVersion)
                .then(Mono.fromCallable(() -> {
                            requireRead(caller);
                            Ticket ticket = readable(caller, ticketRef);
                            ObjectNode body = JsonNodeFactory.instance.objectNode();
                            body.set("ticket", json.staffTicket(ticket));
                            ArrayNode conversation = json.staffConversation(views.conversation(ticket.getTicketId()));
                            if (!TicketAccess.seesNotes(caller)) {
                                conversation.removeIf(entry -> "NoteAdded"
                                        .equals(entry.path("payload")
                                                .path("type")
                                                .asString()));
                            }
                            body.set("conversation", conversation);
                            body.set("viewers", presence.viewersJson(ticket.getTicketId()));
                            body.set("sla", json.staffSla(views.sla(ticket.getTicketId())));
                            return ResponseEntity.ok()
                                    .eTag(Long.toString(ticket.getVersion()))
                                    .body((JsonNode) body);
                        })
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    @GetMapping("/tickets/{ticketId}/attachments/{attachmentId}")
    @Operation(summary = "Download an attachment (always as a download, never rendered)")
    Mono<ResponseEntity<Resource>> attachment(
            @AuthenticationPrincipal Caller caller, @PathVariable String ticketId, @PathVariable String attachmentId) {
        return Mono.fromCallable(() -> {
                    requireRead(caller);
                    Ticket ticket = readable(caller, ticketId);
                    return Attachments.find(
                                    views.conversation(ticket.getTicketId()),
                                    attachmentId,
                                    TicketAccess.seesNotes(caller))
                            .orElseThrow(() -> ApiProblem.notFound("no attachment " + attachmentId));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(attachments::download);
    }

    /** The ticket by id or number, if the caller may read it; otherwise it does not exist for them. */
    private Ticket readable(Caller caller, String ticketRef) {
        Optional<Ticket> found = views.ticket(ticketRef);
        if (found.isEmpty() && ticketRef.chars().allMatch(Character::isDigit) && ticketRef.length() < 19) {
            found = views.ticketByNumber(Long.parseLong(ticketRef));
        }
        return found.filter(ticket -> TicketAccess.canRead(caller, ticket))
                .orElseThrow(() -> ApiProblem.notFound("no ticket " + ticketRef));
    }

    private JsonNode page(TicketPage page) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode items = body.putArray("items");
        page.tickets().forEach(ticket -> items.add(json.staffRow(ticket, page.slaOf(ticket.getTicketId()))));
        body.put("nextCursor", page.nextCursor());
        body.put("total", page.totalHits());
        return body;
    }

    static void requireRead(Caller caller) {
        if (caller.isIntegration() && !caller.hasScope(Caller.SCOPE_TICKETS_READ)) {
            throw ApiProblem.forbidden("this API key lacks the scope " + Caller.SCOPE_TICKETS_READ);
        }
        if (caller.isCustomer()) {
            throw ApiProblem.forbidden("staff only");
        }
    }
}
