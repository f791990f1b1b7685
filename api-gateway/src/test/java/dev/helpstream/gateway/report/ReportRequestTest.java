package dev.helpstream.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.helpstream.gateway.json.FieldError;
import dev.helpstream.gateway.web.ApiProblem;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class ReportRequestTest {

    @Test
    void shouldDefaultToDaysAsJsonForEveryDepartment() {
        assertThat(ReportRequest.parse("2026-03-01", "2026-03-31", null, " ", null, List.of()))
                .isEqualTo(new ReportRequest(
                        LocalDate.parse("2026-03-01"), LocalDate.parse("2026-03-31"), ReportPeriod.DAY, null, false));
    }

    @Test
    void shouldAcceptAYearOf366DaysButNotOneMore() {
        assertThat(ReportRequest.parse("2024-01-01", "2024-12-31", "week", "support", null, List.of())
                        .period())
                .isEqualTo(ReportPeriod.WEEK);
        assertThat(errors("2024-01-01", "2025-01-01", null, null, List.of()))
                .containsExactly(new FieldError("to", "the range spans 367 days; a report covers at most 366"));
    }

    @Test
    void shouldNameEveryBadParameterAtOnce() {
        assertThat(errors(null, "31/03/2026", "month", "xml", List.of()))
                .containsExactly(
                        new FieldError("from", "is required, as a date YYYY-MM-DD"),
                        new FieldError("to", "must be a date YYYY-MM-DD, was '31/03/2026'"),
                        new FieldError("period", "must be day or week, was 'month'"),
                        new FieldError("format", "must be json or csv, was 'xml'"));
        assertThat(errors("2026-03-31", "2026-03-01", null, null, List.of()))
                .containsExactly(new FieldError("from", "must not be after to (2026-03-01)"));
    }

    @Test
    void shouldRefuseDaysOutsideTheYears1970To9999WithAFieldErrorNotAnOverflow() {
        assertThat(errors("+999999999-12-31", "+999999999-12-31", "week", null, List.of()))
                .containsExactly(
                        new FieldError("from", "must be a date from 1970-01-01 to 9999-12-31, was '+999999999-12-31'"),
                        new FieldError("to", "must be a date from 1970-01-01 to 9999-12-31, was '+999999999-12-31'"));
        assertThat(errors("-999999999-01-01", "1969-12-31", "week", null, List.of()))
                .containsExactly(
                        new FieldError("from", "must be a date from 1970-01-01 to 9999-12-31, was '-999999999-01-01'"),
                        new FieldError("to", "must be a date from 1970-01-01 to 9999-12-31, was '1969-12-31'"));
        ReportRequest lastWeek = ReportRequest.parse("9999-12-27", "9999-12-31", "week", null, null, List.of());
        assertThat(lastWeek.period().spans(lastWeek.from(), lastWeek.to()))
                .containsExactly(new ReportPeriod.Span(
                        LocalDate.parse("9999-12-27"), LocalDate.parse("9999-12-27"), LocalDate.parse("9999-12-31")));
    }

    @Test
    void shouldAnswerCsvWhenTheFormatOrTheAcceptHeaderPrefersIt() {
        assertThat(csv("csv", List.of("application/json"))).isTrue();
        assertThat(csv("json", List.of("text/csv"))).isFalse();
        assertThat(csv(null, List.of("text/csv"))).isTrue();
        assertThat(csv(null, List.of("application/json;q=0.5, text/csv"))).isTrue();
        assertThat(csv(null, List.of("application/json, text/csv"))).isFalse();
        assertThat(csv(null, List.of("*/*"))).isFalse();
        assertThat(csv(null, List.of("not a media type"))).isFalse();
    }

    private static boolean csv(String format, List<String> accept) {
        return ReportRequest.parse("2026-03-01", "2026-03-01", null, null, format, accept)
                .csv();
    }

    private static List<FieldError> errors(String from, String to, String period, String format, List<String> accept) {
        try {
            ReportRequest.parse(from, to, period, null, format, accept);
        } catch (ApiProblem problem) {
            assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            return problem.errors();
        }
        return fail("parameters %s %s %s %s were accepted", from, to, period, format);
    }
}
