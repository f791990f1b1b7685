package dev.helpstream.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

    private final Reports reports = new Reports(ReportData.figures(), ReportData::config);

    @Test
    void shouldWriteAHeaderAndOneCrlfLinePerDepartmentAndWeek() {
        List<ReportRow> rows = reports.rows(
                ReportData.ADMIN,
                new ReportRequest(
                        LocalDate.parse("2026-03-04"),
                        LocalDate.parse("2026-03-10"),
                        ReportPeriod.WEEK,
                        "support",
                        true));

        assertThat(ReportCsv.render(rows))
                .isEqualTo("departmentId,periodStart,from,to,opened,closed,reopened,reopenRate,"
                        + "firstResponses,firstResponseP50Seconds,firstResponseP90Seconds,"
                        + "resolutions,resolutionP50Seconds,resolutionP90Seconds,"
                        + "slaMet,slaBreached,slaCompliancePercent,minutesByAgent,minutesByCategory,"
                        + "attachments,attachmentBytes\r\n"
                        + "support,2026-03-02,2026-03-04,2026-03-08,3,3,1,0.3333,5,3600,86000,3,7200,90000,3,1,75.0,"
                        + "ana=45;bea=45,(none)=45;hosting=45,3,4000\r\n"
                        + "support,2026-03-09,2026-03-09,2026-03-10,1,0,0,,0,,,0,,,0,0,,,,0,0\r\n");
    }

    @Test
    void shouldQuoteFieldsWithCommasQuotesOrLineBreaksAndDefuseFormulas() {
        ReportRow odd = new ReportRow(
                "a,\"b\"",
                new ReportPeriod.Span(
                        LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-02")),
                ReportData.day("a,\"b\"", "2026-03-02")
                        .setMinutesByAgent(Map.of("=cmd", 5L))
                        .build());

        String line = ReportCsv.render(List.of(odd)).split("\r\n")[1];

        assertThat(line).isEqualTo("\"a,\"\"b\"\"\",2026-03-02,2026-03-02,2026-03-02,0,0,0,,0,,,0,,,0,0,,'=cmd=5,,0,0");
    }
}
