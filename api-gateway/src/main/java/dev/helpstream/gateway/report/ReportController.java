package dev.helpstream.gateway.report;

import dev.helpstream.gateway.openapi.ApiDocs;
import dev.helpstream.gateway.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET /api/v1/staff/reports}: tickets opened, closed and reopened, first-response and
 * resolution percentiles, SLA compliance, time per agent and category, and attachments, per
 * department and day or ISO week, as JSON ({@link ReportJson}) or CSV ({@link ReportCsv}). Answered
 * from the pre-aggregated days sla-stream writes ({@link Reports}); who sees which department is
 * decided there.
 */
@RestController
@Tag(name = "Staff: reports")
class ReportController {

    static final String PATH = "/api/v1/staff/reports";

    private final Reports reports;

    ReportController(Reports reports) {
        this.reports = reports;
    }

    @GetMapping(
            path = PATH,
            produces = {MediaType.APPLICATION_JSON_VALUE, "text/csv"})
    @Operation(
            summary = "Report per department and day or week",
            description = "Days are dates in sla-stream's report time zone (HELPSTREAM_REPORT_TIME_ZONE, UTC by"
                    + " default). A week is an ISO week, labelled by its Monday (periodStart); at the edges of the"
                    + " range it covers only the days in range (from, to). Weeks add up their days: counts and"
                    + " minutes are summed and the duration histograms merged, so percentiles (nearest rank, over"
                    + " durations kept to two significant digits) are those of the whole week. reopenRate ="
                    + " reopened / closed (null when nothing closed); slaCompliancePercent = met / (met + breached)"
                    + " x 100 (null without SLA outcomes). Agents see the departments they belong to, admins and API"
                    + " keys with tickets:read all; without departmentId, every department the caller may see that"
                    + " is active or has figures in the range, each with a row per day or week (zeros included)."
                    + " JSON by default; CSV with format=csv or Accept: text/csv (RFC 4180, one row per department"
                    + " and period, minutes flattened as id=minutes;id=minutes, '(none)' for tickets without a"
                    + " category).",
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The report",
                        content = {
                            @Content(
                                    mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(implementation = ReportApiDocs.Report.class)),
                            @Content(
                                    mediaType = "text/csv",
                                    schema = @Schema(type = "string"),
                                    examples = @ExampleObject(name = "week", value = ReportApiDocs.CSV_EXAMPLE))
                        }),
                @ApiResponse(responseCode = "400", ref = ApiDocs.BAD_REQUEST),
                @ApiResponse(responseCode = "404", ref = ApiDocs.NOT_FOUND),
                @ApiResponse(
                        responseCode = "503",
                        description = "The report figures are still being read (with Retry-After), or are not being"
                                + " read any more (no Retry-After: until the gateway restarts; its log says why)",
                        content =
                                @Content(
                                        mediaType = ApiDocs.PROBLEM_MEDIA_TYPE,
                                        schema = @Schema(ref = ApiDocs.PROBLEM)))
            })
    Mono<ResponseEntity<Object>> report(
            @AuthenticationPrincipal Caller caller,
            @Parameter(description = "First day, YYYY-MM-DD", required = true) @RequestParam(required = false)
                    String from,
            @Parameter(
                            description = "Last day, YYYY-MM-DD, included; at most 366 days after from, counting both",
                            required = true)
                    @RequestParam(required = false)
                    String to,
            @Parameter(description = "day (default) or week", schema = @Schema(allowableValues = {"day", "week"}))
                    @RequestParam(required = false)
                    String period,
            @Parameter(description = "Only this department") @RequestParam(required = false) String departmentId,
            @Parameter(
                            description = "json or csv; overrides Accept",
                            schema = @Schema(allowableValues = {"json", "csv"}))
                    @RequestParam(required = false)
                    String format,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) List<String> accept) {
        // Off the event loop: the rows wait for the day table's lock, which the reader thread holds
        // while it writes, and add up every department's days of the range (up to 366 each),
        // merging histograms and maps into new records before the whole CSV is rendered: work that
        // grows with departments x days, not for a thread every live stream shares.
        return Mono.<ResponseEntity<Object>>fromCallable(() -> {
                    ReportRequest request = ReportRequest.parse(
                            from, to, period, departmentId, format, accept == null ? List.of() : accept);
                    List<ReportRow> rows = reports.rows(caller, request);
                    if (request.csv()) {
                        return ResponseEntity.ok()
                                .contentType(new MediaType(ReportRequest.TEXT_CSV, StandardCharsets.UTF_8))
                                .header(
                                        HttpHeaders.CONTENT_DISPOSITION,
                                        ContentDisposition.attachment()
                                                .filename("report-" + request.from() + "-" + request.to() + "-"
                                                        + request.period().parameter() + ".csv")
                                                .build()
                                                .toString())
                                .body(ReportCsv.render(rows));
                    }
                    return ResponseEntity.ok()
                            .contentType(MediaType.APPLICATION_JSON)
                            .body(ReportJson.render(request, rows));
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
