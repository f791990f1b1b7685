package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.openapi.ApiDocs;
import dev.helpstream.gateway.openapi.AvroOpenApiSchemas;
import dev.helpstream.schema.Contact;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Documents the errors of the staff and portal endpoints in one place, as they are decided in one
 * place: every call may be 401 or 403; a path naming a ticket may be 404 (also for a ticket the
 * caller may not see); every write may be 400 or 422 (with the fields), and a command 409 (the
 * ticket's state refuses it), 410 (deleted ticket) or 504 (routing-stream did not answer in time;
 * repeat with the same Idempotency-Key). Commands answer with the ticket after the change.
 *
 * <p>It also gives the staff reads their answers' shapes, written by hand since they are built as
 * JSON trees: {@value #TICKET_PAGE} (views, a customer's record, search) of {@value #TICKET_ROW}s
 * with their next due SLA target ({@value #SLA_NEXT_DUE}), and {@value #TICKET_DETAIL} (the ticket,
 * its conversation, its viewers and its {@value #SLA}, made of {@value #SLA_TARGET}s); the view
 * names (the late view among them) as the enum of the {@code view} path parameter.
 */
@Component
class TicketApiDocs implements OpenApiCustomizer {

    static final String TICKET_ROW = "TicketRow";
    static final String TICKET_PAGE = "TicketPage";
    static final String TICKET_DETAIL = "TicketDetail";
    static final String SLA = "TicketSla";
    static final String SLA_TARGET = "TicketSlaTarget";
    static final String SLA_NEXT_DUE = "TicketSlaNextDue";

    private static final String VIEWS = "/api/v1/staff/views/{view}";
    private static final List<String> PAGED_READS =
            List.of(VIEWS, "/api/v1/staff/customers/{email}/tickets", "/api/v1/staff/search");
    private static final String TICKET_READ = "/api/v1/staff/tickets/{ticketRef}";

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        readSchemas().forEach(openApi.getComponents()::addSchemas);
        PAGED_READS.forEach(path -> answer(openApi, path, TICKET_PAGE, "One page of tickets, as rows"));
        answer(
                openApi,
                TICKET_READ,
                TICKET_DETAIL,
                "The ticket, its conversation, its viewers and its SLA (ETag: its version)");
        PathItem views = openApi.getPaths().get(VIEWS);
        if (views != null && views.getGet() != null && views.getGet().getParameters() != null) {
            views.getGet().getParameters().stream()
                    .filter(parameter -> "view".equals(parameter.getName()))
                    .forEach(parameter -> parameter.schema(new JsonSchema()
                            .types(Set.of("string"))
                            ._enum(ViewRequests.VIEWS.stream()
                                    .sorted()
                                    .map(Object.class::cast)
                                    .toList())));
        }
        openApi.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/v1/staff") && !path.startsWith("/api/v1/portal")) {
                return;
            }
            boolean namesTicket = path.contains("{ticketId}") || path.contains("{ticketRef}") || path.contains("{id}");
            boolean staffCommand = path.startsWith("/api/v1/staff/tickets/{ticketId}/")
                    && !path.endsWith("/stream")
                    && !path.contains("/attachments/");
            for (Map.Entry<PathItem.HttpMethod, Operation> entry :
                    item.readOperationsMap().entrySet()) {
                boolean write = entry.getKey() != PathItem.HttpMethod.GET;
                ApiResponses responses = entry.getValue().getResponses();
                if (responses == null) {
                    responses = new ApiResponses();
                    entry.getValue().setResponses(responses);
                }
                if (staffCommand && write && !path.endsWith("/presence")) {
                    responses.addApiResponse(
                            "200",
                            new ApiResponse()
                                    .description("The ticket after the command (ETag: its version)")
                                    .content(new Content()
                                            .addMediaType(
                                                    "application/json",
                                                    new MediaType().schema(new Schema<>().$ref(ApiDocs.TICKET)))));
                }
                add(responses, "401", ApiDocs.UNAUTHORIZED);
                add(responses, "403", ApiDocs.FORBIDDEN);
                if (namesTicket) {
                    add(responses, "404", ApiDocs.NOT_FOUND);
                }
                if (write) {
                    add(responses, "400", ApiDocs.BAD_REQUEST);
                    add(responses, "422", ApiDocs.UNPROCESSABLE);
                    add(responses, "409", ApiDocs.CONFLICT);
                    responses.putIfAbsent("410", problem("The ticket was deleted"));
                    responses.putIfAbsent(
                            "504",
                            problem("routing-stream did not answer in time; repeat with the same Idempotency-Key"));
                }
            }
        });
    }

    /** The 200 answer of a staff read, unless its controller documents one. */
    private static void answer(
            io.swagger.v3.oas.models.OpenAPI openApi, String path, String schema, String description) {
        PathItem item = openApi.getPaths().get(path);
        if (item == null || item.getGet() == null) {
            return;
        }
        if (item.getGet().getResponses() == null) {
            item.getGet().setResponses(new ApiResponses());
        }
        item.getGet()
                .getResponses()
                .addApiResponse(
                        "200",
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType(
                                                "application/json",
                                                new MediaType()
                                                        .schema(new JsonSchema().$ref(ApiDocs.SCHEMAS + schema)))));
    }

    /** The shapes {@link TicketJson} and {@link SlaJson} write. */
    static Map<String, Schema<?>> readSchemas() {
        Map<String, Schema<?>> schemas = new LinkedHashMap<>();
        schemas.put(
                SLA_NEXT_DUE,
                object("The SLA target due next: the open one due first, else (paused) the one with least time left;"
                                + " null without a policy or once every target is met.")
                        .addProperty("metric", metric())
                        .addProperty("state", state())
                        .addProperty("dueAt", instant("When it is due."))
                        .addProperty("remainingBusinessMillis", remaining())
                        .addProperty("late", bool("Whether a target of the ticket breached or is at risk.")));
        schemas.put(
                SLA_TARGET,
                object("One target of the SLA policy applied to the ticket.")
                        .addProperty("metric", metric())
                        .addProperty("state", state())
                        .addProperty(
                                "dueAt",
                                instant("When it is due; for a target paused while it ran, as it was before the"
                                        + " pause (resuming moves it); null for a target set while the clocks are"
                                        + " paused (sla-stream then tells only the time it has left) until they"
                                        + " resume."))
                        .addProperty("warnAt", instant("When its warning fires."))
                        .addProperty("warnedAt", instant("When its warning fired."))
                        .addProperty("breachedAt", instant("When it breached."))
                        .addProperty("metAt", instant("When it was met."))
                        .addProperty(
                                "metLate",
                                nullable(
                                        "boolean",
                                        "Once met: whether it was met late (after its breach or its due time, as"
                                                + " sla-stream counts it); null while not met."))
                        .addProperty("pausedAt", instant("When its clock stopped (the ticket waits on the customer)."))
                        .addProperty(
                                "clearedAt",
                                instant("When its clock stopped for good before it was met (the ticket closed, or no"
                                        + " policy applies any more): a breached target stays as history, neither"
                                        + " open nor late."))
                        .addProperty("targetStatusId", nullable("string", "The status to reach, for STATUS_REACHED."))
                        .addProperty(
                                "businessTime",
                                bool("Whether it counts the business hours of the policy's calendar (else wall-clock"
                                        + " time)."))
                        .addProperty("remainingBusinessMillis", remaining()));
        schemas.put(
                SLA,
                object("The ticket's SLA, for staff only; null when no policy applied. Once no clock runs (the"
                                + " ticket closed, no policy applies any more) the met and breached targets stay as"
                                + " history. Eventually consistent with the ticket: sla-stream writes it after the"
                                + " ticket's events.")
                        .addProperty("policyId", string("The SLA policy applied."))
                        .addProperty("policyName", nullable("string", "Its name; null once it is deleted."))
                        .addProperty("policyRevision", nullable("integer", "The revision of the policy applied."))
                        .addProperty("paused", bool("Whether the clocks are stopped."))
                        .addProperty("late", bool("Whether a target breached or is at risk (the late view)."))
                        .addProperty(
                                "targets",
                                new JsonSchema()
                                        .types(Set.of("array"))
                                        .items(new JsonSchema().$ref(ApiDocs.SCHEMAS + SLA_TARGET))));
        JsonSchema row = object("A ticket as a list shows it.");
        for (String field :
                List.of("ticketId", "subject", "departmentId", "statusId", "lifecycle", "createdAt", "updatedAt")) {
            row.addProperty(field, string(null));
        }
        for (String field : List.of("serviceId", "priorityId", "assigneeId", "categoryId", "typeId", "dueAt")) {
            row.addProperty(field, nullable("string", null));
        }
        row.addProperty("number", integer())
                .addProperty("version", integer())
                .addProperty("messageCount", integer())
                .addProperty("important", bool(null))
                .addProperty("spam", bool(null))
                .addProperty("customer", new JsonSchema().$ref(AvroOpenApiSchemas.ref(Contact.class)))
                .addProperty("tags", new JsonSchema().types(Set.of("array")).items(string(null)))
                .addProperty(
                        "sla",
                        new JsonSchema()
                                .oneOf(List.of(new JsonSchema().$ref(ApiDocs.SCHEMAS + SLA_NEXT_DUE), nullType())));
        schemas.put(TICKET_ROW, row);
        schemas.put(
                TICKET_PAGE,
                object("One page of a view, a customer's record or search results.")
                        .addProperty(
                                "items",
                                new JsonSchema()
                                        .types(Set.of("array"))
                                        .items(new JsonSchema().$ref(ApiDocs.SCHEMAS + TICKET_ROW)))
                        .addProperty("nextCursor", nullable("string", "The cursor of the next page; null on the last."))
                        .addProperty("total", integer()));
        schemas.put(
                TICKET_DETAIL,
                object("A ticket with its whole conversation, who is on it, and its SLA.")
                        .addProperty("ticket", new JsonSchema().$ref(ApiDocs.TICKET))
                        .addProperty(
                                "conversation",
                                new JsonSchema()
                                        .types(Set.of("array"))
                                        .items(new JsonSchema().$ref(ApiDocs.TICKET_EVENT)))
                        .addProperty("viewers", new JsonSchema().types(Set.of("array")))
                        .addProperty(
                                "sla",
                                new JsonSchema()
                                        .oneOf(List.of(new JsonSchema().$ref(ApiDocs.SCHEMAS + SLA), nullType()))));
        return schemas;
    }

    private static JsonSchema object(String description) {
        JsonSchema schema = new JsonSchema();
        schema.types(Set.of("object")).description(description);
        return schema;
    }

    private static Schema<?> metric() {
        return new JsonSchema()
                .types(Set.of("string"))
                ._enum(List.of("FIRST_RESPONSE", "NEXT_RESPONSE", "RESOLUTION", "STATUS_REACHED"))
                .description("What the target measures.");
    }

    private static Schema<?> state() {
        return new JsonSchema()
                .types(Set.of("string"))
                ._enum(List.of("running", "paused", "at_risk", "breached", "met"))
                .description("running; paused (clock stopped; a breached target stays breached); at_risk (warning"
                        + " fired, not met); breached (due, not met); met (in time or late: metLate). A warning or"
                        + " breach stands when the target is re-timed (a pause, another policy).");
    }

    private static Schema<?> remaining() {
        return nullable(
                        "integer",
                        "Time left at the request, in milliseconds: business time of the policy's calendar when the"
                                + " target counts it, else wall-clock time; frozen while paused, once met and once"
                                + " cleared; negative once overdue.")
                .format("int64");
    }

    private static Schema<?> instant(String description) {
        return nullable("string", description).format("date-time");
    }

    private static Schema<?> string(String description) {
        return new JsonSchema().types(Set.of("string")).description(description);
    }

    private static Schema<?> bool(String description) {
        return new JsonSchema().types(Set.of("boolean")).description(description);
    }

    private static Schema<?> integer() {
        return new JsonSchema().types(Set.of("integer")).format("int64");
    }

    private static Schema<?> nullable(String type, String description) {
        return new JsonSchema().types(Set.of(type, "null")).description(description);
    }

    private static Schema<?> nullType() {
        return new JsonSchema().types(Set.of("null"));
    }

    private static void add(ApiResponses responses, String status, String reference) {
        responses.putIfAbsent(status, new ApiResponse().$ref(reference));
    }

    private static ApiResponse problem(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                ApiDocs.PROBLEM_MEDIA_TYPE,
                                new MediaType().schema(new Schema<>().$ref(ApiDocs.PROBLEM))));
    }
}
