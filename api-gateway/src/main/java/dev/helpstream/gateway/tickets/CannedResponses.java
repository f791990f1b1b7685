package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.ConfigWriter;
import dev.helpstream.gateway.json.AvroJson;
import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.security.TicketAccess;
import dev.helpstream.gateway.view.TicketViews;
import dev.helpstream.gateway.web.ApiProblem;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.config.CannedResponse;
import dev.helpstream.support.content.MessageBodies;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Canned responses for agents: listed per service (and department), rendered for a ticket with
 * their placeholders filled in ({@code {{customer.name}}}, {@code {{customer.email}}}, {@code
 * {{ticket.number}}}, {@code {{ticket.subject}}}, {@code {{agent.name}}}), and saved from a reply
 * ("save as canned": a response of the ticket's department and service, written to the config
 * topic like any admin change).
 *
 * <p>A response is usable on a ticket when its departments are empty or include the ticket's, its
 * services are empty or include the ticket's, and it belongs to nobody or to the caller. An agent
 * never sees a response that only other departments may use.
 */
@RestController
@RequestMapping("/api/v1/staff/canned-responses")
@Tag(name = "Staff: canned responses")
class CannedResponses {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CannedResponses.class);

    private final ConfigView config;
    private final ConfigWriter writer;
    private final TicketViews views;
    private final Clock clock;

    CannedResponses(ConfigView config, ConfigWriter writer, TicketViews views, Clock clock) {
        this.config = config;
        this.writer = writer;
        this.views = views;
        this.clock = clock;
    }

    @GetMapping
    @Operation(
            summary = "Canned responses usable by the caller",
            description = "Narrowed to those usable on a ticket (ticketId), or in a service / department.")
    Mono<JsonNode> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String ticketId,
            @RequestParam(required = false) String serviceId,
            @RequestParam(required = false) String departmentId) {
        return Mono.fromCallable(() -> {
                    StaffViewController.requireRead(caller);
                    String department = departmentId;
                    String service = serviceId;
                    if (ticketId != null) {
                        Ticket ticket = readable(caller, ticketId);
                        department = ticket.getDepartmentId();
                        service = ticket.getServiceId();
                    }
                    ArrayNode items = JsonNodeFactory.instance.arrayNode();
                    for (Map.Entry<String, CannedResponse> entry :
                            config.snapshot().all(CannedResponse.class).entrySet()) {
                        if (usable(caller, entry.getValue(), department, service)) {
                            ObjectNode item = (ObjectNode) AvroJson.toJson(entry.getValue());
                            item.put("id", entry.getKey());
                            items.add(item);
                        }
                    }
                    ObjectNode body = JsonNodeFactory.instance.objectNode();
                    body.set("items", items);
                    return (JsonNode) body;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @GetMapping("/{id}/render")
    @Operation(summary = "A canned response's text for a ticket, placeholders filled in, ready to insert")
    Mono<JsonNode> renderForTicket(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestParam String ticketId) {
        return Mono.fromCallable(() -> {
                    StaffViewController.requireRead(caller);
                    MessageBody body = render(caller, readable(caller, ticketId), id);
                    ObjectNode json = JsonNodeFactory.instance.objectNode();
                    json.put("cannedResponseId", id);
                    json.put("text", body.getText());
                    json.put("html", body.getHtml());
                    return (JsonNode) json;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    /** The response's body for this ticket, or a 422 naming {@code cannedResponseId}. */
    MessageBody render(Caller caller, Ticket ticket, String id) {
        CannedResponse canned = config.snapshot()
                .get(CannedResponse.class, id)
                .filter(found -> usable(caller, found, ticket.getDepartmentId(), ticket.getServiceId()))
                .orElseThrow(() -> ApiProblem.unprocessable(
                        "no canned response " + id + " for this ticket",
                        List.of(new FieldError("cannedResponseId", "unknown or not usable here"))));
        Map<String, String> values = Map.of(
                "{{customer.name}}",
                Optional.ofNullable(ticket.getCustomer().getDisplayName())
                        .orElse(ticket.getCustomer().getEmail()),
                "{{customer.email}}",
                ticket.getCustomer().getEmail(),
                "{{ticket.number}}",
                Long.toString(ticket.getNumber()),
                "{{ticket.subject}}",
                ticket.getSubject(),
                "{{agent.name}}",
                caller.displayName() == null ? caller.id() : caller.displayName());
        String text = canned.getText();
        String html = canned.getHtml();
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
            if (html != null) {
                html = html.replace(value.getKey(), HtmlUtils.htmlEscape(value.getValue()));
            }
        }
        return html == null ? MessageBodies.fromText(text) : MessageBodies.fromHtml(html);
    }

    /**
     * Stores a reply, as it was sent, as a canned response of the ticket's department and service.
     * The reply is already applied: a failure here is logged and does not turn it into an error
     * (which would invite the client to send the reply again). The same {@code Idempotency-Key}
     * saves the same response once.
     */
    Mono<Void> saveFromReply(Caller caller, Ticket ticket, MessageBody sent, String title, String idempotencyKey) {
        String id = "reply-"
                + (idempotencyKey == null
                        ? UUID.randomUUID()
                        : UUID.nameUUIDFromBytes((ticket.getTicketId() + ":" + caller.id() + ":" + idempotencyKey)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        CannedResponse canned = CannedResponse.newBuilder()
                .setTitle(title.strip())
                .setText(sent.getText())
                .setHtml(sent.getHtml())
                .setDepartmentIds(List.of(ticket.getDepartmentId()))
                .setServiceIds(ticket.getServiceId() == null ? List.of() : List.of(ticket.getServiceId()))
                .setOwnerAgentId(null)
                .build();
        ConfigEntity entity = ConfigEntity.newBuilder()
                .setEntityType(ConfigEntityType.CANNED_RESPONSE)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(clock.instant())
                .setUpdatedBy(caller.toActor())
                .setPayload(canned)
                .build();
        return writer.write(entity).flatMap(config::awaitApplied).then().onErrorResume(error -> {
            log.warn("Could not save the reply on ticket {} as canned response {}", ticket.getTicketId(), id, error);
            return Mono.empty();
        });
    }

    private Ticket readable(Caller caller, String ticketId) {
        return views.ticket(ticketId)
                .filter(ticket -> TicketAccess.canRead(caller, ticket))
                .orElseThrow(() -> ApiProblem.notFound("no ticket " + ticketId));
    }

    static boolean usable(Caller caller, CannedResponse canned, String departmentId, String serviceId) {
        List<String> departments = canned.getDepartmentIds();
        Set<String> mine = caller.departmentIds();
        // An agent works only on tickets of their own departments, so another department's response
        // is never theirs to use, nor to read, whatever department the request names.
        boolean theirs = caller.kind() != Caller.Kind.AGENT
                || departments.isEmpty()
                || departments.stream().anyMatch(mine::contains);
        boolean department = departments.isEmpty() || departmentId == null || departments.contains(departmentId);
        boolean service = canned.getServiceIds().isEmpty()
                || serviceId == null
                || canned.getServiceIds().contains(serviceId);
        boolean owner =
                canned.getOwnerAgentId() == null || canned.getOwnerAgentId().equals(caller.id());
        return theirs && department && service && owner;
    }
}
