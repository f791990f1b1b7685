package dev.helpstream.gateway.whatif;

import dev.helpstream.gateway.openapi.ApiDocs;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.gateway.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /api/v1/admin/sla/what-if}: how SLA compliance would have been over a period under a
 * draft SLA policy, next to how it is, without saving the draft or touching any live state ({@link
 * WhatIfService}).
 *
 * <p>Who: admins and API keys with {@code config:read} or {@code config:write}, like the admin
 * API's reads: it reads configuration and history, and changes nothing. The security configuration
 * enforces the same at the URL; this is the second lock. The changed tickets themselves (ids,
 * numbers, outcomes) are listed only for admins and keys that also have {@code tickets:read}; other
 * keys get the counts, so a configuration key cannot list tickets through it.
 */
@RestController
@Tag(name = "Admin")
class WhatIfController {

    static final String PATH = "/api/v1/admin/sla/what-if";

    private final WhatIfService whatIf;

    WhatIfController(WhatIfService whatIf) {
        this.whatIf = whatIf;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "admin.sla.whatIf",
            summary = "Replay a period against a draft SLA policy",
            description = "Replays the tickets opened from 'from' to 'to' (days from 1970-01-01 to 9999-12-31 in"
                    + " timeZone, UTC by default; at most helpstream.what-if.max-days, 92 by default) with their"
                    + " events up to the end of 'to', or up to now while that day is not over,"
                    + " through sla-stream's clock engine twice: under the live configuration, and with the draft"
                    + " policy laid over it (it replaces the live policy of its id, or joins the live ones). The draft"
                    + " is the JSON PUT /api/v1/admin/sla-policies/{id} takes, with its id, and is checked the same"
                    + " way; it is never saved. A target counts once: met in time, breached (its due time passed"
                    + " before it was met, or by the end), or running at the end (in neither); a target cleared"
                    + " before its due time (the ticket closed, no policy applies any more) counts nowhere."
                    + " compliancePercent = met / (met + breached) x 100, 1 decimal, null without outcomes. changed"
                    + " counts the (ticket, metric) outcomes that differ and, for admins and API keys that also"
                    + " have tickets:read, lists the first 100 (changed.items, by the tickets' opening; other"
                    + " callers get the count only, no ticket ids or numbers); a"
                    + " ticket's outcome for a metric is the most telling of its targets' (BREACHED, then RUNNING,"
                    + " then MET, else NONE). History comes from tickets.events.v1, read for the request; the live"
                    + " configuration is the current one, also for tickets opened before it changed. Admins, or API"
                    + " keys with config:read.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                                            schema = @Schema(implementation = WhatIfApiDocs.Request.class))),
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The current and draft figures",
                        content =
                                @Content(
                                        mediaType = MediaType.APPLICATION_JSON_VALUE,
                                        schema = @Schema(implementation = WhatIfApiDocs.Answer.class))),
                @ApiResponse(
                        responseCode = "400",
                        description = "Invalid fields: dates, time zone, from after to, more days than max-days (92 by"
                                + " default), no policy",
                        content =
                                @Content(
                                        mediaType = ApiDocs.PROBLEM_MEDIA_TYPE,
                                        schema = @Schema(ref = ApiDocs.PROBLEM))),
                @ApiResponse(responseCode = "401", ref = ApiDocs.UNAUTHORIZED),
                @ApiResponse(responseCode = "403", ref = ApiDocs.FORBIDDEN),
                @ApiResponse(
                        responseCode = "422",
                        description = "The draft policy is invalid (the admin API's messages, under policy.), or"
                                + " the period holds more ticket events (max-events) or opens more tickets"
                                + " (max-tickets) than one what-if replays",
                        content =
                                @Content(
                                        mediaType = ApiDocs.PROBLEM_MEDIA_TYPE,
                                        schema = @Schema(ref = ApiDocs.PROBLEM))),
                @ApiResponse(
                        responseCode = "429",
                        description = "As many what-ifs as the gateway runs at once (max-concurrent, 1 by default)"
                                + " are running; Retry-After says when to try again",
                        content =
                                @Content(
                                        mediaType = ApiDocs.PROBLEM_MEDIA_TYPE,
                                        schema = @Schema(ref = ApiDocs.PROBLEM))),
                @ApiResponse(
                        responseCode = "503",
                        description = "The ticket history could not be read in time (Retry-After)",
                        content =
                                @Content(
                                        mediaType = ApiDocs.PROBLEM_MEDIA_TYPE,
                                        schema = @Schema(ref = ApiDocs.PROBLEM)))
            })
    Mono<ObjectNode> whatIf(@RequestBody JsonNode body, @AuthenticationPrincipal Caller caller) {
        mayRun(caller);
        return whatIf.run(body, caller.isAdmin() || caller.hasScope(Caller.SCOPE_TICKETS_READ));
    }

    private static void mayRun(Caller caller) {
        if (caller == null) {
            throw new ApiProblem(
                    HttpStatus.UNAUTHORIZED,
                    null,
                    "Sign in as an admin, or send an API key with the config scopes.",
                    List.of());
        }
        if (!caller.isAdmin()
                && !caller.hasScope(Caller.SCOPE_CONFIG_READ)
                && !caller.hasScope(Caller.SCOPE_CONFIG_WRITE)) {
            throw ApiProblem.forbidden("A what-if needs an admin or the scope config:read.");
        }
    }
}
