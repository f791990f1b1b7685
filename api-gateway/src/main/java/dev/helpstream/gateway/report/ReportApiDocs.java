package dev.helpstream.gateway.report;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/**
 * The shapes of the report answer for the OpenAPI document only: the controller writes the JSON
 * with {@link ReportJson}, whose fields these records name one for one ({@code ReportApiDocsTest}
 * keeps them in step).
 */
final class ReportApiDocs {

    static final String CSV_EXAMPLE = ReportCsv.HEADER
            + "\r\nsupport,2026-03-02,2026-03-02,2026-03-08,2,2,1,0.5,1,3600,3600,1,56000,56000,2,1,66.7,"
            + "ana=30;bea=45,(none)=45;hosting=30,4,7500\r\n";

    private ReportApiDocs() {}

    @Schema(name = "Report", description = "Report rows per department and period")
    record Report(
            @Schema(description = "First day", example = "2026-03-02")
            String from,

            @Schema(description = "Last day, included", example = "2026-03-15")
            String to,

            @Schema(
                    description = "day or week",
                    allowableValues = {"day", "week"})
            String period,

            @Schema(description = "One row per department and period, by department id then period")
            List<Row> rows) {}

    @Schema(name = "ReportRow", description = "One department's figures over one day or week")
    record Row(
            String departmentId,

            @Schema(description = "The day, or the Monday of the week")
            String periodStart,

            @Schema(description = "First day covered (a week cut by the range covers only days in range)")
            String from,

            @Schema(description = "Last day covered") String to,
            @Schema(description = "Tickets opened") long opened,

            @Schema(description = "Closes (every close, including after a reopen)")
            long closed,

            @Schema(description = "Reopens") long reopened,

            @Schema(description = "reopened / closed, 4 decimals; null when nothing closed", nullable = true)
            Double reopenRate,

            @Schema(description = "First responses (first public staff reply of a ticket) on these days")
            long firstResponses,

            @Schema(description = "Median time from opening to first response, seconds", nullable = true)
            Long firstResponseP50Seconds,

            @Schema(description = "90th percentile of the same, seconds", nullable = true)
            Long firstResponseP90Seconds,

            @Schema(description = "Resolutions (first close of a ticket) on these days")
            long resolutions,

            @Schema(description = "Median time from opening to first close, seconds", nullable = true)
            Long resolutionP50Seconds,

            @Schema(description = "90th percentile of the same, seconds", nullable = true)
            Long resolutionP90Seconds,

            @Schema(description = "SLA targets met in time") long slaMet,
            @Schema(description = "SLA targets breached") long slaBreached,

            @Schema(
                    description = "slaMet / (slaMet + slaBreached) x 100, 1 decimal; null without outcomes",
                    nullable = true)
            Double slaCompliancePercent,

            @Schema(description = "Minutes logged (entries and timers) per agent id")
            Map<String, Long> minutesByAgent,

            @Schema(description = "Minutes logged per category id of the ticket; \"\" for none")
            Map<String, Long> minutesByCategory,

            @Schema(description = "Attachments added (openings, messages, notes)")
            long attachments,

            @Schema(description = "Their total size, bytes") long attachmentBytes) {}
}
