package dev.helpstream.gateway.report;

import static dev.helpstream.gateway.report.ReportData.ADMIN;
import static dev.helpstream.gateway.report.ReportData.CONFIG_READER;
import static dev.helpstream.gateway.report.ReportData.CUSTOMER;
import static dev.helpstream.gateway.report.ReportData.READER;
import static dev.helpstream.gateway.report.ReportData.SUPPORT_AGENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.gateway.web.ApiProblem;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** Rows, week sums and who sees what, over the hand-counted data set of {@link ReportData}. */
class ReportsTest {

    private final InMemoryReportFigures figures = ReportData.figures();
    private final Reports reports = new Reports(figures, ReportData::config);

    @Test
    void shouldSumAWeekFromItsDaysMergingHistogramsRatherThanAveragingPercentiles() {
        List<ReportRow> rows = reports.rows(ADMIN, request("2026-03-04", "2026-03-17", ReportPeriod.WEEK, "support"));

        assertThat(rows)
                .extracting(ReportRow::span)
                .containsExactly(span("03-02", "03-04", "03-08"), span("03-09", "03-15"), span("03-16", "03-17"));
        ReportRow week = rows.get(0);
        // Wednesday 4 and Sunday 8; Tuesday 3 is before the range.
        assertThat(week.figures().getOpened()).isEqualTo(3); // 2 + 1
        assertThat(week.figures().getClosed()).isEqualTo(3); // 1 + 2
        assertThat(week.figures().getReopened()).isEqualTo(1);
        assertThat(week.reopenRate()).isEqualTo(0.3333); // 1 / 3
        // First responses 60, 3600 | 3600, 3600, 86000: five, sorted 60 3600 3600 3600 86000.
        assertThat(week.firstResponses()).isEqualTo(5);
        // p50: rank ceil(2.5) = 3 -> 3600 (the average of the daily medians, 60 and 3600, would be 1830).
        assertThat(week.firstResponseSeconds(50)).isEqualTo(3600);
        // p90: rank ceil(4.5) = 5 -> 86000.
        assertThat(week.firstResponseSeconds(90)).isEqualTo(86_000);
        // Resolutions 7200 | 7200, 90000: p50 rank 2 -> 7200, p90 rank ceil(2.7) = 3 -> 90000.
        assertThat(week.resolutions()).isEqualTo(3);
        assertThat(week.resolutionSeconds(50)).isEqualTo(7200);
        assertThat(week.resolutionSeconds(90)).isEqualTo(90_000);
        // Met 1 + 2, breached 1: 3 / 4.
        assertThat(week.slaCompliancePercent()).isEqualTo(75.0);
        assertThat(week.minutesByAgent()).containsExactly(Map.entry("ana", 45L), Map.entry("bea", 45L));
        assertThat(week.minutesByCategory()).containsExactly(Map.entry("", 45L), Map.entry("hosting", 45L));
        assertThat(week.figures().getAttachments()).isEqualTo(3);
        assertThat(week.figures().getAttachmentBytes()).isEqualTo(4000);

        ReportRow second = rows.get(1);
        assertThat(second.figures().getOpened()).isEqualTo(1); // Monday 9
        assertThat(second.reopenRate()).isNull();
        assertThat(second.slaCompliancePercent()).isNull();
        assertThat(second.firstResponseSeconds(50)).isNull();
        // The 18th is after the range.
        assertThat(rows.get(2).figures().getOpened()).isZero();
    }

    @Test
    void shouldGiveEveryActiveOrReportedDepartmentARowPerDayInDepartmentOrder() {
        List<ReportRow> rows = reports.rows(ADMIN, request("2026-03-09", "2026-03-10", ReportPeriod.DAY, null));

        // billing: active, no figures; legacy: figures, no longer configured; sales: inactive, none.
        assertThat(rows)
                .extracting(row -> row.departmentId() + " " + row.span().label() + " opened "
                        + row.figures().getOpened() + " closed " + row.figures().getClosed())
                .containsExactly(
                        "billing 2026-03-09 opened 0 closed 0",
                        "billing 2026-03-10 opened 0 closed 0",
                        "legacy 2026-03-09 opened 0 closed 0",
                        "legacy 2026-03-10 opened 0 closed 1",
                        "support 2026-03-09 opened 1 closed 0",
                        "support 2026-03-10 opened 0 closed 0");
    }

    @Test
    void shouldShowAnAgentOnlyTheDepartmentsTheyBelongTo() {
        List<ReportRow> rows = reports.rows(SUPPORT_AGENT, request("2026-03-09", "2026-03-10", ReportPeriod.DAY, null));

        assertThat(rows).extracting(ReportRow::departmentId).containsExactly("support", "support");
        assertThatThrownBy(() ->
                        reports.rows(SUPPORT_AGENT, request("2026-03-09", "2026-03-10", ReportPeriod.DAY, "billing")))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(problem.getBody().getDetail())
                            .isEqualTo("You may not see the reports of department billing.");
                });
    }

    @Test
    void shouldShowKeysWithTicketsReadEveryDepartmentAndRefuseOtherKeysAndCustomers() {
        assertThat(reports.rows(READER, request("2026-03-10", "2026-03-10", ReportPeriod.DAY, null)))
                .extracting(ReportRow::departmentId)
                .containsExactly("billing", "legacy", "support");
        assertThatThrownBy(
                        () -> reports.rows(CONFIG_READER, request("2026-03-10", "2026-03-10", ReportPeriod.DAY, null)))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.getBody().getDetail())
                                .isEqualTo("Reading reports needs the scope tickets:read."));
        assertThatThrownBy(() -> reports.rows(CUSTOMER, request("2026-03-10", "2026-03-10", ReportPeriod.DAY, null)))
                .isInstanceOfSatisfying(
                        ApiProblem.class,
                        problem -> assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN));
    }

    @Test
    void shouldAnswerForADepartmentOnlyKnownFromItsFiguresAndRefuseAnUnknownOne() {
        assertThat(reports.rows(ADMIN, request("2026-03-01", "2026-03-01", ReportPeriod.DAY, "legacy")))
                .extracting(row -> row.figures().getClosed())
                .containsExactly(0L);
        assertThatThrownBy(() -> reports.rows(ADMIN, request("2026-03-01", "2026-03-01", ReportPeriod.DAY, "nope")))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(problem.getBody().getDetail()).isEqualTo("There is no department nope.");
                });
    }

    @Test
    void shouldAnswer503WhileTheFiguresAreStillBeingRead() {
        figures.availability(ReportFigures.Availability.LOADING);

        assertThatThrownBy(() -> reports.rows(ADMIN, request("2026-03-10", "2026-03-10", ReportPeriod.DAY, null)))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.getHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                            .isEqualTo("1");
                    assertThat(problem.getBody().getDetail())
                            .isEqualTo("The report figures are still being read; retry in a moment.");
                });
    }

    @Test
    void shouldAnswer503WithoutRetryAfterOnceTheFiguresAreNotBeingReadAnyMore() {
        figures.availability(ReportFigures.Availability.STOPPED);

        assertThatThrownBy(() -> reports.rows(ADMIN, request("2026-03-10", "2026-03-10", ReportPeriod.DAY, null)))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
                    assertThat(problem.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER))
                            .isFalse();
                    assertThat(problem.getBody().getDetail())
                            .isEqualTo("The report figures are not being read; the gateway's log says why.");
                });
    }

    private static ReportRequest request(String from, String to, ReportPeriod period, String departmentId) {
        return new ReportRequest(LocalDate.parse(from), LocalDate.parse(to), period, departmentId, false);
    }

    private static ReportPeriod.Span span(String label, String from, String to) {
        return new ReportPeriod.Span(
                LocalDate.parse("2026-" + label), LocalDate.parse("2026-" + from), LocalDate.parse("2026-" + to));
    }

    private static ReportPeriod.Span span(String from, String to) {
        return span(from, from, to);
    }
}
