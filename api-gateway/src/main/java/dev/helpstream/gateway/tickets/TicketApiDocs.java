package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.openapi.ApiDocs;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Documents the errors of the staff and portal endpoints in one place, as they are decided in one
 * place: every call may be 401 or 403; a path naming a ticket may be 404 (also for a ticket the
 * caller may not see); every write may be 400 or 422 (with the fields), and a command 409 (the
 * ticket's state refuses it), 410 (deleted ticket) or 504 (routing-stream did not answer in time;
 * repeat with the same Idempotency-Key). Commands answer with the ticket after the change.
 */
@Component
class TicketApiDocs implements OpenApiCustomizer {

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
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
