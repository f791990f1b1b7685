package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.command.TicketCommands;
import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.TicketAccess;
import dev.helpstream.gateway.tickets.CommandRequests.AssignBody;
import dev.helpstream.gateway.tickets.CommandRequests.CategoryBody;
import dev.helpstream.gateway.tickets.CommandRequests.CloseBody;
import dev.helpstream.gateway.tickets.CommandRequests.ContactBody;
import dev.helpstream.gateway.tickets.CommandRequests.CreateTicketBody;
import dev.helpstream.gateway.tickets.CommandRequests.DeleteBody;
import dev.helpstream.gateway.tickets.CommandRequests.DueDateBody;
import dev.helpstream.gateway.tickets.CommandRequests.EstimatedResolutionBody;
import dev.helpstream.gateway.tickets.CommandRequests.ImportantBody;
import dev.helpstream.gateway.tickets.CommandRequests.MergeBody;
import dev.helpstream.gateway.tickets.CommandRequests.NoteBody;
import dev.helpstream.gateway.tickets.CommandRequests.PriorityBody;
import dev.helpstream.gateway.tickets.CommandRequests.ProgressBody;
import dev.helpstream.gateway.tickets.CommandRequests.ReplyBody;
import dev.helpstream.gateway.tickets.CommandRequests.SpamBody;
import dev.helpstream.gateway.tickets.CommandRequests.StatusBody;
import dev.helpstream.gateway.tickets.CommandRequests.StopTimerBody;
import dev.helpstream.gateway.tickets.CommandRequests.TagsBody;
import dev.helpstream.gateway.tickets.CommandRequests.TimeEntryBody;
import dev.helpstream.gateway.tickets.CommandRequests.TransferBody;
import dev.helpstream.gateway.tickets.CommandRequests.TypeBody;
import dev.helpstream.gateway.view.TicketViews;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.AttachmentRef;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.command.AddCc;
import dev.helpstream.schema.command.AddNote;
import dev.helpstream.schema.command.Assign;
import dev.helpstream.schema.command.Capture;
import dev.helpstream.schema.command.ChangeCategory;
import dev.helpstream.schema.command.ChangeDueDate;
import dev.helpstream.schema.command.ChangeEstimatedResolution;
import dev.helpstream.schema.command.ChangePriority;
import dev.helpstream.schema.command.ChangeProgress;
import dev.helpstream.schema.command.ChangeStatus;
import dev.helpstream.schema.command.ChangeType;
import dev.helpstream.schema.command.Close;
import dev.helpstream.schema.command.CreateTicket;
import dev.helpstream.schema.command.Delete;
import dev.helpstream.schema.command.LogTime;
import dev.helpstream.schema.command.MarkNotSpam;
import dev.helpstream.schema.command.MarkSpam;
import dev.helpstream.schema.command.Merge;
import dev.helpstream.schema.command.RemoveCc;
import dev.helpstream.schema.command.Reopen;
import dev.helpstream.schema.command.Reply;
import dev.helpstream.schema.command.SetImportant;
import dev.helpstream.schema.command.SetTags;
import dev.helpstream.schema.command.StartTimer;
import dev.helpstream.schema.command.StopTimer;
import dev.helpstream.schema.command.Transfer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.http.codec.multipart.Part;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every ticket command of the ticket core as an endpoint for staff and integrators ({@code
 * tickets:write}). Each answers once routing-stream applied the command and the gateway's views
 * show it, with the new ticket state; {@code If-Match: "<version>"} makes the command conditional
 * and {@code Idempotency-Key} makes a retry safe.
 */
@RestController
@RequestMapping("/api/v1/staff/tickets")
@Tag(name = "Staff: ticket commands")
class StaffTicketController {

    private static final String IF_MATCH = "If-Match";
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private final TicketCommands commands;
    private final TicketViews views;
    private final ConfigView config;
    private final TicketJson json;
    private final CannedResponses canned;
    private final Submissions submissions;
    private final Validator validator;
    private final Clock clock;

    StaffTicketController(
            TicketCommands commands,
            TicketViews views,
            ConfigView config,
            TicketJson json,
            CannedResponses canned,
            Submissions submissions,
            Validator validator,
            Clock clock) {
        this.submissions = submissions;
        this.validator = validator;
        this.commands = commands;
        this.views = views;
        this.config = config;
        this.json = json;
        this.canned = canned;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "Open a ticket on behalf of a customer")
    Mono<ResponseEntity<JsonNode>> create(
            @AuthenticationPrincipal Caller caller,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Valid @RequestBody CreateTicketBody body) {
        requireWrite(caller);
        if (blank(body.text()) && blank(body.html())) {
            return Mono.error(ApiProblem.unprocessable(
                    "a ticket needs a message", List.of(new FieldError("text", "must not be blank"))));
        }
        if (caller.kind() == Caller.Kind.AGENT
                && body.departmentId() != null
                && !caller.departmentIds().contains(body.departmentId())) {
            return Mono.error(ApiProblem.forbidden("you are not in department " + body.departmentId()));
        }
        // Sanitizing the body is CPU work: off the event loop.
        Mono<CreateTicket> create = Mono.fromCallable(() -> CreateTicket.newBuilder()
                        .setSubject(body.subject().strip())
                        .setCustomer(contact(body.customer()))
                        .setCc(
                                body.cc() == null
                                        ? List.of()
                                        : body.cc().stream()
                                                .map(StaffTicketController::contact)
                                                .toList())
                        .setBody(json.body(body.text(), body.html()))
                        .setAttachments(List.of())
                        .setChannel(caller.isIntegration() ? Channel.API : Channel.STAFF)
                        .setDepartmentId(body.departmentId())
                        .setServiceId(body.serviceId())
                        .setPriorityId(body.priorityId())
                        .setCategoryId(body.categoryId())
                        .setTypeId(body.typeId())
                        .setAssigneeId(body.assigneeId())
                        .setTags(body.tags() == null ? List.of() : body.tags())
                        .setLanguage(body.language())
                        .setNotifyCustomer(body.notifyCustomer() == null || body.notifyCustomer())
                        .build())
                .subscribeOn(Schedulers.boundedElastic());
        String ticketId = TicketCommands.newTicketId(caller, idempotencyKey);
        return create.flatMap(command -> commands.execute(caller, ticketId, command, null, idempotencyKey))
                .map(ticket -> answer(
                        caller,
                        ResponseEntity.status(HttpStatus.CREATED)
                                .header("Location", "/api/v1/staff/tickets/" + ticket.getTicketId()),
                        ticket));
    }

    @PostMapping("/{ticketId}/capture")
    @Operation(summary = "Take the ticket: assign it to yourself")
    Mono<ResponseEntity<JsonNode>> capture(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        return act(caller, ticketId, ifMatch, key, ticket -> new Capture());
    }

    @PostMapping("/{ticketId}/assign")
    @Operation(summary = "Assign to an agent of the department, or unassign (agentId null)")
    Mono<ResponseEntity<JsonNode>> assign(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody AssignBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new Assign(body.agentId()));
    }

    @PostMapping("/{ticketId}/transfer")
    @Operation(summary = "Transfer to another department (and service)")
    Mono<ResponseEntity<JsonNode>> transfer(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody TransferBody body) {
        return act(
                caller,
                ticketId,
                ifMatch,
                key,
                ticket -> new Transfer(body.departmentId(), body.serviceId(), body.reason()));
    }

    @PostMapping(path = "/{ticketId}/replies", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            summary = "Reply to the customer",
            description = "The text may come from a canned response (cannedResponseId with no text: its text, with"
                    + " placeholders filled in); closeOnReply defaults to the helpdesk setting; saveAsCannedTitle"
                    + " stores the reply as a canned response of the ticket's department and service.")
    Mono<ResponseEntity<JsonNode>> reply(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody ReplyBody body) {
        return reply(caller, ticketId, ifMatch, key, body, List.of());
    }

    @PostMapping(path = "/{ticketId}/replies", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Reply to the customer with attachments",
            description = "Fields as the JSON reply (text, html, cannedResponseId, appendSignature, closeOnReply,"
                    + " saveAsCannedTitle, cc repeated); files 'attachments', checked like the customers' ones.")
    Mono<ResponseEntity<JsonNode>> replyWithFiles(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @RequestBody Mono<MultiValueMap<String, Part>> parts) {
        return parts.flatMap(multipart -> {
            ReplyBody body = valid(new ReplyBody(
                    Submissions.field(multipart, "text"),
                    Submissions.field(multipart, "html"),
                    Submissions.field(multipart, "cannedResponseId"),
                    flag(Submissions.field(multipart, "appendSignature")),
                    flag(Submissions.field(multipart, "closeOnReply")),
                    Submissions.field(multipart, "saveAsCannedTitle"),
                    Submissions.fields(multipart, "cc").stream()
                            .map(email -> new ContactBody(email, null))
                            .toList()));
            return reply(caller, ticketId, ifMatch, key, body, Submissions.files(multipart));
        });
    }

    private Mono<ResponseEntity<JsonNode>> reply(
            Caller caller, String ticketId, String ifMatch, String key, ReplyBody body, List<FilePart> files) {
        // What was sent, as sent (a canned response already filled in), for "save as canned".
        AtomicReference<Ticket> before = new AtomicReference<>();
        AtomicReference<Reply> sent = new AtomicReference<>();
        return act(caller, ticketId, ifMatch, key, files, (ticket, attachments) -> {
                    Reply reply = reply(caller, ticket, body, attachments);
                    before.set(ticket);
                    sent.set(reply);
                    return reply;
                })
                .flatMap(response -> body.saveAsCannedTitle() == null
                                || body.saveAsCannedTitle().isBlank()
                        ? Mono.just(response)
                        : canned.saveFromReply(
                                        caller, before.get(), sent.get().getBody(), body.saveAsCannedTitle(), key)
                                .thenReturn(response));
    }

    @PostMapping(path = "/{ticketId}/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add an internal note (never shown to the customer)")
    Mono<ResponseEntity<JsonNode>> note(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody NoteBody body) {
        return act(
                caller, ticketId, ifMatch, key, ticket -> new AddNote(json.body(body.text(), body.html()), List.of()));
    }

    @PostMapping(path = "/{ticketId}/notes", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Add an internal note with attachments (fields text, html; files 'attachments')")
    Mono<ResponseEntity<JsonNode>> noteWithFiles(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @RequestBody Mono<MultiValueMap<String, Part>> parts) {
        return parts.flatMap(multipart -> {
            NoteBody body =
                    valid(new NoteBody(Submissions.field(multipart, "text"), Submissions.field(multipart, "html")));
            return act(
                    caller,
                    ticketId,
                    ifMatch,
                    key,
                    Submissions.files(multipart),
                    (ticket, attachments) -> new AddNote(json.body(body.text(), body.html()), attachments));
        });
    }

    @PostMapping("/{ticketId}/status")
    @Operation(summary = "Change the status")
    Mono<ResponseEntity<JsonNode>> status(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody StatusBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new ChangeStatus(body.statusId()));
    }

    @PostMapping("/{ticketId}/priority")
    @Operation(summary = "Change the priority")
    Mono<ResponseEntity<JsonNode>> priority(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody PriorityBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new ChangePriority(body.priorityId()));
    }

    @PostMapping("/{ticketId}/category")
    @Operation(summary = "Change or clear the category")
    Mono<ResponseEntity<JsonNode>> category(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody CategoryBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new ChangeCategory(body.categoryId()));
    }

    @PostMapping("/{ticketId}/type")
    @Operation(summary = "Change or clear the ticket type")
    Mono<ResponseEntity<JsonNode>> type(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody TypeBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new ChangeType(body.typeId()));
    }

    @PostMapping("/{ticketId}/due-date")
    @Operation(summary = "Set or clear the due date")
    Mono<ResponseEntity<JsonNode>> dueDate(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody DueDateBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new ChangeDueDate(body.dueAt()));
    }

    @PostMapping("/{ticketId}/estimated-resolution")
    @Operation(summary = "Set or clear the estimated resolution time shown to the customer")
    Mono<ResponseEntity<JsonNode>> estimatedResolution(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody EstimatedResolutionBody body) {
        return act(
                caller, ticketId, ifMatch, key, ticket -> new ChangeEstimatedResolution(body.estimatedResolutionAt()));
    }

    @PostMapping("/{ticketId}/progress")
    @Operation(summary = "Set the work progress (0-100)")
    Mono<ResponseEntity<JsonNode>> progress(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody ProgressBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new ChangeProgress(body.percent()));
    }

    @PostMapping("/{ticketId}/spam")
    @Operation(summary = "Mark as spam (optionally blocking the sender)")
    Mono<ResponseEntity<JsonNode>> spam(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody(required = false) SpamBody body) {
        boolean block = body != null && Boolean.TRUE.equals(body.blockSender());
        return act(caller, ticketId, ifMatch, key, ticket -> new MarkSpam(block));
    }

    @DeleteMapping("/{ticketId}/spam")
    @Operation(summary = "Mark as not spam")
    Mono<ResponseEntity<JsonNode>> notSpam(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        return act(caller, ticketId, ifMatch, key, ticket -> new MarkNotSpam());
    }

    @PostMapping("/{ticketId}/important")
    @Operation(summary = "Flag or unflag as important")
    Mono<ResponseEntity<JsonNode>> important(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody ImportantBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new SetImportant(body.important()));
    }

    @PostMapping("/{ticketId}/merge")
    @Operation(
            summary = "Merge this ticket into another one",
            description = "The target must be a ticket you may act on; any other is refused with 422"
                    + " naming targetTicketId, as if it did not exist.")
    Mono<ResponseEntity<JsonNode>> merge(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody MergeBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> {
            // The target changes too, so the caller must be allowed to act on it; one it may not see
            // is answered like one that does not exist.
            views.ticket(body.targetTicketId())
                    .filter(target -> TicketAccess.canRead(caller, target) && TicketAccess.canAct(caller, target))
                    .orElseThrow(() -> ApiProblem.unprocessable(
                            "no ticket " + body.targetTicketId() + " to merge into",
                            List.of(new FieldError("targetTicketId", "unknown ticket"))));
            return new Merge(body.targetTicketId());
        });
    }

    @PostMapping("/{ticketId}/delete")
    @Operation(summary = "Delete the ticket (soft delete, with a reason)")
    Mono<ResponseEntity<JsonNode>> delete(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody DeleteBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new Delete(body.reason()));
    }

    @PostMapping("/{ticketId}/close")
    @Operation(summary = "Close the ticket")
    Mono<ResponseEntity<JsonNode>> close(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody(required = false) CloseBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new Close(body == null ? null : body.reason()));
    }

    @PostMapping("/{ticketId}/reopen")
    @Operation(summary = "Reopen a closed ticket")
    Mono<ResponseEntity<JsonNode>> reopen(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        return act(caller, ticketId, ifMatch, key, ticket -> new Reopen());
    }

    @PostMapping("/{ticketId}/time-entries")
    @Operation(summary = "Log time spent")
    Mono<ResponseEntity<JsonNode>> logTime(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody TimeEntryBody body) {
        return act(
                caller,
                ticketId,
                ifMatch,
                key,
                ticket -> new LogTime(
                        body.minutes(),
                        body.note(),
                        body.category(),
                        body.workedAt() == null ? clock.instant() : body.workedAt()));
    }

    @PostMapping("/{ticketId}/timer/start")
    @Operation(summary = "Start your timer on the ticket")
    Mono<ResponseEntity<JsonNode>> startTimer(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        return act(caller, ticketId, ifMatch, key, ticket -> new StartTimer());
    }

    @PostMapping("/{ticketId}/timer/stop")
    @Operation(summary = "Stop your timer and log its time")
    Mono<ResponseEntity<JsonNode>> stopTimer(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody(required = false) StopTimerBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new StopTimer(body == null ? null : body.note()));
    }

    @PostMapping("/{ticketId}/cc")
    @Operation(summary = "Add a CC recipient")
    Mono<ResponseEntity<JsonNode>> addCc(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody ContactBody body) {
        return act(caller, ticketId, ifMatch, key, ticket -> new AddCc(contact(body)));
    }

    @DeleteMapping("/{ticketId}/cc/{email}")
    @Operation(summary = "Remove a CC recipient")
    Mono<ResponseEntity<JsonNode>> removeCc(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @PathVariable String email,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key) {
        return act(caller, ticketId, ifMatch, key, ticket -> new RemoveCc(email));
    }

    @PutMapping("/{ticketId}/tags")
    @Operation(summary = "Replace the tags")
    Mono<ResponseEntity<JsonNode>> tags(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String ticketId,
            @RequestHeader(name = IF_MATCH, required = false) String ifMatch,
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String key,
            @Valid @RequestBody TagsBody body) {
        return act(
                caller,
                ticketId,
                ifMatch,
                key,
                ticket -> new SetTags(body.tags().stream()
                        .map(tag -> tag.strip().toLowerCase(Locale.ROOT))
                        .distinct()
                        .toList()));
    }

    private Reply reply(Caller caller, Ticket ticket, ReplyBody body, List<AttachmentRef> attachments) {
        MessageBody message;
        if (blank(body.text()) && blank(body.html())) {
            if (body.cannedResponseId() == null) {
                throw ApiProblem.unprocessable(
                        "a reply needs a text or a canned response",
                        List.of(new FieldError("text", "must not be blank")));
            }
            message = canned.render(caller, ticket, body.cannedResponseId());
        } else {
            message = json.body(body.text(), body.html());
        }
        boolean closeOnReply = body.closeOnReply() != null
                ? body.closeOnReply()
                : config.snapshot()
                        .settings()
                        .map(settings -> settings.getCloseOnReplyDefault())
                        .orElse(false);
        return Reply.newBuilder()
                .setBody(message)
                .setAttachments(attachments)
                .setCannedResponseId(body.cannedResponseId())
                .setAppendSignature(body.appendSignature() == null || body.appendSignature())
                .setCloseOnReply(closeOnReply)
                .setSaveAsCannedTitle(body.saveAsCannedTitle())
                .setCc(
                        body.cc() == null
                                ? List.of()
                                : body.cc().stream()
                                        .map(StaffTicketController::contact)
                                        .toList())
                .build();
    }

    private Mono<ResponseEntity<JsonNode>> act(
            Caller caller,
            String ticketId,
            String ifMatch,
            String idempotencyKey,
            Function<Ticket, SpecificRecord> payload) {
        return act(caller, ticketId, ifMatch, idempotencyKey, List.of(), (ticket, files) -> payload.apply(ticket));
    }

    /**
     * Checks that the caller may act on the ticket (a ticket it may not read does not exist for
     * it), then stores the files (nothing is stored for a refused caller), builds the command from
     * the current state and answers with the state after it.
     */
    private Mono<ResponseEntity<JsonNode>> act(
            Caller caller,
            String ticketId,
            String ifMatch,
            String idempotencyKey,
            List<FilePart> files,
            BiFunction<Ticket, List<AttachmentRef>, SpecificRecord> payload) {
        Long expectedVersion = version(ifMatch);
        return Mono.fromCallable(() -> {
                    requireWrite(caller);
                    Ticket ticket = views.ticket(ticketId)
                            .filter(found -> TicketAccess.canRead(caller, found))
                            .orElseThrow(() -> ApiProblem.notFound("no ticket " + ticketId));
                    if (!TicketAccess.canAct(caller, ticket)) {
                        throw ApiProblem.forbidden("you may not act on ticket #" + ticket.getNumber());
                    }
                    return ticket;
                })
                // The views are a local index: read them off the event loop.
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(ticket -> submissions
                        .store(files)
                        .publishOn(Schedulers.boundedElastic())
                        .map(attachments -> payload.apply(ticket, attachments)))
                .flatMap(command -> commands.execute(caller, ticketId, command, expectedVersion, idempotencyKey))
                .map(ticket -> answer(caller, ResponseEntity.ok(), ticket));
    }

    /**
     * The ticket after a command; a caller that may write but not read (an API key with {@code
     * tickets:write} only) learns that it was applied, not what the ticket holds.
     */
    private ResponseEntity<JsonNode> answer(Caller caller, ResponseEntity.BodyBuilder status, Ticket ticket) {
        status.eTag(Long.toString(ticket.getVersion()));
        if (TicketAccess.canRead(caller, ticket)) {
            return status.body(json.staffTicket(ticket));
        }
        ObjectNode applied = JsonNodeFactory.instance.objectNode();
        applied.put("ticketId", ticket.getTicketId());
        applied.put("number", ticket.getNumber());
        applied.put("version", ticket.getVersion());
        return status.body(applied);
    }

    /** Checks a body built from form fields as {@code @Valid} checks a JSON one. */
    private <T> T valid(T body) {
        Set<ConstraintViolation<T>> violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw ApiProblem.unprocessable(
                    "the request has invalid fields",
                    violations.stream()
                            .map(violation ->
                                    new FieldError(violation.getPropertyPath().toString(), violation.getMessage()))
                            .sorted(java.util.Comparator.comparing(FieldError::field))
                            .toList());
        }
        return body;
    }

    private static Boolean flag(String value) {
        return value == null || value.isBlank() ? null : Boolean.valueOf(value.strip());
    }

    private static void requireWrite(Caller caller) {
        if (caller.isIntegration() && !caller.hasScope(Caller.SCOPE_TICKETS_WRITE)) {
            throw ApiProblem.forbidden("this API key lacks the scope " + Caller.SCOPE_TICKETS_WRITE);
        }
    }

    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest(
                    "If-Match must be a ticket version such as \"7\"",
                    List.of(new FieldError("If-Match", "not a version: " + ifMatch)));
        }
    }

    static Contact contact(ContactBody body) {
        return new Contact(body.email().strip(), body.displayName(), null);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
