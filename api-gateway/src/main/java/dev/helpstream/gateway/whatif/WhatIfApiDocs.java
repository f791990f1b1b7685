package dev.helpstream.gateway.whatif;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the what-if request and answer for the OpenAPI document only: the controller reads
 * the body as JSON ({@link WhatIfPeriod}, the admin API's policy reader) and writes the answer with
 * {@link WhatIfJson}, whose fields these records name one for one ({@code WhatIfApiIT} keeps them in
 * step).
 */
final class WhatIfApiDocs {

    private WhatIfApiDocs() {}

    @Schema(name = "WhatIfRequest", description = "A draft SLA policy and the period to replay against it")
    record Request(
            @Schema(
                    description = "The draft: an SLA policy as PUT /api/v1/admin/sla-policies/{id} takes it,"
                            + " with its id (required): the live policy it replaces, or a new one",
                    ref = "#/components/schemas/SlaPolicy",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            Object policy,

            @Schema(
                    description = "First day of the openings, YYYY-MM-DD",
                    example = "2026-03-01",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String from,

            @Schema(
                    description =
                            "Last day, included; at most max-days (92 by default) days from 'from'," + " counting both",
                    example = "2026-03-31",
                    requiredMode = Schema.RequiredMode.REQUIRED)
            String to,

            @Schema(description = "Time zone of the days; UTC when left out", example = "Europe/Paris")
            String timeZone) {}

    @Schema(name = "WhatIfAnswer", description = "SLA compliance over the period, now and under the draft")
    record Answer(
            @Schema(example = "2026-03-01") String from,
            @Schema(example = "2026-03-31") String to,
            @Schema(example = "Europe/Paris") String timeZone,

            @Schema(description = "The instant the replay ran to: the end of 'to', or the request's time if earlier")
            String until,

            @Schema(description = "Tickets opened in the period")
            long tickets,

            @Schema(description = "Under the live configuration")
            Figures current,

            @Schema(description = "With the draft policy laid over it")
            Figures draft,

            Changed changed) {}

    @Schema(name = "WhatIfFigures", description = "SLA targets by outcome, overall and per metric")
    record Figures(
            Counts overall,

            @Schema(
                    description = "Per metric: FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION, STATUS_REACHED (zeros"
                            + " included)")
            Map<String, Counts> byMetric) {}

    @Schema(name = "WhatIfCounts", description = "SLA targets by outcome")
    record Counts(
            @Schema(description = "Met in time") long met,

            @Schema(description = "Due time passed before met, or by the end")
            long breached,

            @Schema(description = "Still running at the end; counted in neither")
            long running,

            @Schema(description = "met / (met + breached) x 100, 1 decimal; null without outcomes", nullable = true)
            Double compliancePercent) {}

    @Schema(name = "WhatIfChanges", description = "The (ticket, metric) outcomes the draft changes")
    record Changed(
            @Schema(description = "How many") long count,

            @Schema(
                    description = "The first 100, by the tickets' opening then metric; only for admins and"
                            + " API keys that also have tickets:read (absent for others)")
            List<Change> items) {}

    @Schema(name = "WhatIfChange", description = "One ticket's outcome for one metric, now and under the draft")
    record Change(
            String ticketId,
            @Schema(description = "The ticket number") long number,

            @Schema(description = "FIRST_RESPONSE, NEXT_RESPONSE, RESOLUTION or STATUS_REACHED")
            String metric,

            @Schema(description = "For STATUS_REACHED: the status to reach; absent otherwise")
            String targetStatusId,

            @Schema(allowableValues = {"NONE", "MET", "RUNNING", "BREACHED"})
            String current,

            @Schema(allowableValues = {"NONE", "MET", "RUNNING", "BREACHED"})
            String draft) {}
}
