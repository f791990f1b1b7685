package dev.helpstream.gateway.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The documented shapes name exactly the fields the endpoint writes, in the same order. */
class ReportApiDocsTest {

    @Test
    void shouldDocumentEveryFieldOfTheAnswerAndOfItsRowsAndTheCsvColumns() {
        ReportRequest request = new ReportRequest(
                LocalDate.parse("2026-03-09"), LocalDate.parse("2026-03-09"), ReportPeriod.DAY, "support", false);
        List<ReportRow> rows = new Reports(ReportData.figures(), ReportData::config).rows(ReportData.ADMIN, request);
        ObjectNode answer = ReportJson.render(request, rows);

        assertThat(components(ReportApiDocs.Report.class)).isEqualTo(new ArrayList<>(answer.propertyNames()));
        List<String> rowFields = new ArrayList<>(answer.get("rows").get(0).propertyNames());
        assertThat(components(ReportApiDocs.Row.class)).isEqualTo(rowFields);
        assertThat(ReportCsv.HEADER.split(",")).containsExactlyElementsOf(rowFields);
        assertThat(ReportApiDocs.CSV_EXAMPLE).startsWith(ReportCsv.HEADER + "\r\n");
    }

    private static List<String> components(Class<? extends Record> type) {
        return Arrays.stream(type.getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
    }
}
