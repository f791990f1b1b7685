package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.command.TicketCommands;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.TicketAccess;
import dev.helpstream.gateway.view.TicketChange;
import dev.helpstream.gateway.view.TicketViews;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.command.Close;
import dev.helpstream.schema.command.CreateTicket;
import dev.helpstream.schema.command.CustomerReply;
import dev.helpstream.schema.command.Reopen;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Service;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The customer portal's API: a customer (signed in through an emailed link) opens tickets, lists
 * their own with their status, reads the public conversation, replies unless the ticket is closed,
 * closes it, and reopens it within the reopen window. Customers never see notes, internal fields
 * or other customers' tickets: a ticket that is not theirs does not exist for them (404).
 */
@RestController
@RequestMapping("/api/v1/portal")
@Tag(name = "Customer portal")
class PortalController {

    private final TicketCommands commands;
    private final TicketViews views;
    private final TicketJson json;
    private final Attachments attachments;
    private final Submissions submissions;
    private final ConfigView config;
    private final TicketsProperties properties;
    private final LiveAccess access;

    PortalController(
            TicketCommands commands,
            TicketViews views,
            TicketJson json,
            Attachments attachments,
            Submissions submissions,
            ConfigView config,
            TicketsProperties properties,
            LiveAccess access) {
        this.access = access;
        this.commands = commands;
        this.views = views;
        this.json = json;
        this.attachments = attachments;
        this.submissions = submissions;
        this.config = config;
        this.properties = properties;
    }

    @GetMapping("/tickets")
    @Operation(
            summary = "Your tickets with their status",
            description = "status=open or closed narrows the list; cursor/limit page it (newest first).")
    Mono<JsonNode> list(@AuthenticationPrincipal Caller caller, @RequestParam MultiValueMap<String, String> params) {
        return Mono.fromCallable(() -> {
                    MultiValueMap<String, String> query = new org.springframework.util.LinkedMultiValueMap<>(params);
                    String status = params.getFirst("status");
                    query.remove("lifecycle");
                    if ("open".equalsIgnoreCase(status)) {
                        query.put("lifecycle", List.of("NEW", "OPEN", "WAITING_ON_CUSTOMER", "RESOLVED"));
                    } else if ("closed".equalsIgnoreCase(status)) {
                        query.put("lifecycle", List.of("CLOSED"));
                    }
                    query.remove("sort");
                    query.add("sort", "created");
                    var page = views.query(ViewRequests.customerRecord(null, caller.email(), query));
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    ArrayNode items = body.putArray("items");
                    page.tickets().forEach(ticket -> items.add(json.customerTicket(ticket)));
                    body.put("nextCursor", page.nextCursor());
                    body.put("total", page.totalHits());
                    return (JsonNode) body;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/options")
    @Operation(summary = "The departments and services a customer may choose, and the attachment rules")
    Mono<JsonNode> options() {
        return Mono.fromCallable(() -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode departments = body.putArray("departments");
            config.snapshot().all(Department.class).forEach((id, department) -> {
                if (department.getActive() && department.getVisibleToCustomers()) {
                    departments.addObject().put("id", id).put("name", department.getName());
                }
            });
            ArrayNode services = body.putArray("services");
            config.snapshot().all(Service.class).forEach((id, service) -> {
                if (service.getActive() && service.getVisibleToCustomers()) {
                    services.addObject()
                            .put("id", id)
                            .put("name", service.getName())
                            .put("departmentId", service.getDepartmentId());
                }
            });
            var policy = submissions.policy();
            ObjectNode files = body.putObject("attachments");
            files.put("maxBytes", policy.maxBytes());
            ArrayNode extensions = files.putArray("allowedExtensions");
            policy.allowedExtensions().forEach(extensions::add);
            return (JsonNode) body;
        });
    }

    @PostMapping(path = "/tickets", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Open a ticket (JSON; use multipart/form-data to attach files)")
    Mono<ResponseEntity<JsonNode>> create(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody Submissions.TicketForm form) {
        return submissions
                .check(caller.email(), form)
                .flatMap(checked -> open(caller, idempotencyKey, checked, List.of()));
    }

    @PostMapping(path = "/tickets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary =
                    "Open a ticket with attachments (fields subject, text, html, cc, departmentId, serviceId; files 'attachments')")
    Mono<ResponseEntity<JsonNode>> createWithFiles(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody Mono<MultiValueMap<String, Part>> parts) {
        return parts.flatMap(multipart -> {
            Submissions.TicketForm form = new Submissions.TicketForm(
                    Submissions.field(multipart, "subject"),
                    Submissions.field(multipart, "text"),
                    Submissions.field(multipart, "html"),
                    Submissions.fields(multipart, "cc"),
                    Submissions.field(multipart, "departmentId"),
                    Submissions.field(multipart, "serviceId"));
            List<FilePart> files = Submissions.files(multipart);
            return submissions
                    .check(caller.email(), form)
                    .flatMap(checked ->
                            submissions.store(files).flatMap(refs -> open(caller, idempotencyKey, checked, refs)));
        });
    }

    @GetMapping("/tickets/{ticketId}")
    @Operation(summary = "One of your tickets with its public conversation")
    Mono<JsonNode> ticket(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestParam(required = false) Long minVersion) {
        return ConsistentReads.atLeast(views, ticketId, minVersion)
                .then(Mono.fromCallable(() -> {
                            Ticket ticket = own(caller, ticketId);
                            ObjectNode body = JsonNodeFactory.instance.objectNode();
                            body.set("ticket", json.customerTicket(ticket));
                            body.set("conversation", json.customerConversation(views.conversation(ticketId)));
                            return (JsonNode) body;
                        })
                        .subscribeOn(Schedulers.boundedElastic()));
    }

    /** A customer's reply. */
    record ReplyForm(String text, String html) {}

    @PostMapping(path = "/tickets/{ticketId}/replies", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Reply on your ticket (refused with 409 once it is closed)")
    Mono<ResponseEntity<JsonNode>> reply(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody ReplyForm form) {
        return reply(caller, ticketId, idempotencyKey, form, List.of());
    }

    @PostMapping(path = "/tickets/{ticketId}/replies", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Reply on your ticket with attachments (fields text, html; files 'attachments')")
    Mono<ResponseEntity<JsonNode>> replyWithFiles(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @RequestBody Mono<MultiValueMap<String, Part>> parts) {
        return parts.flatMap(multipart -> reply(
                caller,
                ticketId,
                idempotencyKey,
                new ReplyForm(Submissions.field(multipart, "text"), Submissions.field(multipart, "html")),
                Submissions.files(multipart)));
    }

    /** Checks the ticket and the text first, then stores the files, then sends the reply. */
    private Mono<ResponseEntity<JsonNode>> reply(
            Caller caller, String ticketId, String idempotencyKey, ReplyForm form, List<FilePart> files) {
        return Mono.fromCallable(() -> {
                    Ticket ticket = own(caller, ticketId);
                    if (TicketJson.closed(ticket)) {
                        throw new ApiProblem(
                                HttpStatus.CONFLICT,
                                "Ticket closed",
                                "ticket #" + ticket.getNumber() + " is closed; reopen it to reply",
                                List.of());
                    }
                    boolean html = form.html() != null && !form.html().isBlank();
                    return submissions.body(html ? "html" : "text", html ? form.html() : form.text(), html);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(body -> submissions.store(files).map(attachments ->
                        (SpecificRecord) new CustomerReply(body, attachments)))
                .flatMap(command -> commands.execute(caller, ticketId, command, null, idempotencyKey))
                .map(ticket -> ResponseEntity.ok((JsonNode) json.customerTicket(ticket)));
    }

    @PostMapping("/tickets/{ticketId}/close")
    @Operation(summary = "Close your ticket")
    Mono<ResponseEntity<JsonNode>> close(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return Mono.fromCallable(() -> own(caller, ticketId))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(ticket -> commands.execute(caller, ticketId, new Close(null), null, idempotencyKey))
                .map(ticket -> ResponseEntity.ok((JsonNode) json.customerTicket(ticket)));
    }

    @PostMapping("/tickets/{ticketId}/reopen")
    @Operation(summary = "Reopen your closed ticket within the reopen window (409 after it)")
    Mono<ResponseEntity<JsonNode>> reopen(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        return Mono.fromCallable(() -> own(caller, ticketId))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(ticket -> commands.execute(caller, ticketId, new Reopen(), null, idempotencyKey))
                .map(ticket -> ResponseEntity.ok((JsonNode) json.customerTicket(ticket)));
    }

    @GetMapping("/tickets/{ticketId}/attachments/{attachmentId}")
    @Operation(summary = "Download an attachment of your ticket's public conversation")
    Mono<ResponseEntity<Resource>> attachment(
            @AuthenticationPrincipal Caller caller, @PathVariable String ticketId, @PathVariable String attachmentId) {
        return Mono.fromCallable(() -> {
                    own(caller, ticketId);
                    return Attachments.find(views.conversation(ticketId), attachmentId, false)
                            .orElseThrow(() -> ApiProblem.notFound("no attachment " + attachmentId));
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(attachments::download);
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(
            summary = "Live changes of your tickets",
            description = "Events: 'ticket' (your ticket's public face) and 'message' (each new public"
                    + " conversation entry, never notes), after a first 'ready' event. A client that falls too"
                    + " far behind gets a last 'reset' event: reload your tickets and open the stream again.")
    Flux<ServerSentEvent<JsonNode>> stream(@AuthenticationPrincipal Caller caller, Principal principal) {
        // What this stream last told of each ticket: a change that alters nothing the customer
        // sees (an assignment, a note, a time entry) is not pushed, not even its time; an SLA-only
        // change is not even looked at (its time would tell when a warning or breach fired).
        Map<String, JsonNode> told = new ConcurrentHashMap<>();
        Flux<ServerSentEvent<JsonNode>> changes = views.changes()
                .filter(change -> !change.slaOnly())
                .filter(change ->
                        !change.ticket().getDeleted() && !change.ticket().getSpam())
                .filter(change -> TicketAccess.canRead(caller, change.ticket()))
                .concatMapIterable(change -> customerEvents(change, told));
        return Flux.merge(
                        LiveStreams.resetWhenBehind(changes, "a portal stream"),
                        StaffStreamController.ready(),
                        StaffStreamController.heartbeats(properties.streams().heartbeat()))
                .takeUntil(LiveStreams::isReset)
                .takeUntilOther(access.end(caller, principal));
    }

    private List<ServerSentEvent<JsonNode>> customerEvents(TicketChange change, Map<String, JsonNode> told) {
        List<ServerSentEvent<JsonNode>> events = new java.util.ArrayList<>();
        ArrayNode entries = json.customerConversation(
                change.events().stream().filter(TicketJson::customerVisible).toList());
        entries.forEach(entry -> events.add(ServerSentEvent.<JsonNode>builder(entry)
                .event("message")
                .id(entry.path("eventId").asString())
                .build()));
        JsonNode ticket = json.customerTicket(change.ticket());
        if (!ticket.equals(told.put(change.ticketId(), ticket)) || !events.isEmpty()) {
            events.add(ServerSentEvent.<JsonNode>builder(ticket).event("ticket").build());
        }
        return events;
    }

    private Mono<ResponseEntity<JsonNode>> open(
            Caller caller, String idempotencyKey, Submissions.Checked form, List<AttachmentRef> files) {
        CreateTicket create = CreateTicket.newBuilder()
                .setSubject(form.subject())
                .setCustomer(new Contact(caller.email(), null, null))
                .setCc(form.cc())
                .setBody(form.body())
                .setAttachments(files)
                .setChannel(Channel.PORTAL)
                .setDepartmentId(form.departmentId())
                .setServiceId(form.serviceId())
                .setPriorityId(null)
                .setCategoryId(null)
                .setTypeId(null)
                .setAssigneeId(null)
                .setTags(List.of())
                .setLanguage(null)
                .setNotifyCustomer(true)
                .build();
        String ticketId = TicketCommands.newTicketId(caller, idempotencyKey);
        return commands.execute(caller, ticketId, create, null, idempotencyKey)
                .map(ticket -> ResponseEntity.status(HttpStatus.CREATED)
                        .header("Location", "/api/v1/portal/tickets/" + ticket.getTicketId())
                        .body((JsonNode) json.customerTicket(ticket)));
    }

    private Ticket own(Caller caller, String ticketId) {
        return views.ticket(ticketId)
                .filter(ticket -> !ticket.getDeleted() && !ticket.getSpam())
                .filter(ticket -> TicketAccess.canRead(caller, ticket))
                .orElseThrow(() -> ApiProblem.notFound("no ticket " + ticketId));
    }
}
