package dev.helpstream.gateway.report;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A report as JSON: the request ({@code from}, {@code to}, {@code period}) and {@code rows}, one
 * per department and span, with the same fields as the CSV columns ({@link ReportCsv#HEADER}),
 * except that the minutes are objects keyed by agent and category id ({@code ""}: tickets without a
 * category) and undefined rates and percentiles are {@code null}.
 */
final class ReportJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ReportJson() {}

    static ObjectNode render(ReportRequest request, List<ReportRow> rows) {
        ObjectNode body = NODES.objectNode();
        body.put("from", request.from().toString());
        body.put("to", request.to().toString());
        body.put("period", request.period().parameter());
        ArrayNode items = body.putArray("rows");
        rows.forEach(row -> items.add(row(row)));
        return body;
    }

    static ObjectNode row(ReportRow row) {
        ObjectNode json = NODES.objectNode();
        json.put("departmentId", row.departmentId());
        json.put("periodStart", row.span().label().toString());
        json.put("from", row.span().from().toString());
        json.put("to", row.span().to().toString());
        json.put("opened", row.figures().getOpened());
        json.put("closed", row.figures().getClosed());
        json.put("reopened", row.figures().getReopened());
        json.put("reopenRate", row.reopenRate());
        json.put("firstResponses", row.firstResponses());
        json.put("firstResponseP50Seconds", row.firstResponseSeconds(50));
        json.put("firstResponseP90Seconds", row.firstResponseSeconds(90));
        json.put("resolutions", row.resolutions());
        json.put("resolutionP50Seconds", row.resolutionSeconds(50));
        json.put("resolutionP90Seconds", row.resolutionSeconds(90));
        json.put("slaMet", row.figures().getSlaMet());
        json.put("slaBreached", row.figures().getSlaBreached());
        json.put("slaCompliancePercent", row.slaCompliancePercent());
        minutes(json.putObject("minutesByAgent"), row.minutesByAgent());
        minutes(json.putObject("minutesByCategory"), row.minutesByCategory());
        json.put("attachments", row.figures().getAttachments());
        json.put("attachmentBytes", row.figures().getAttachmentBytes());
        return json;
    }

    private static void minutes(ObjectNode target, Map<String, Long> minutes) {
        minutes.forEach(target::put);
    }
}
