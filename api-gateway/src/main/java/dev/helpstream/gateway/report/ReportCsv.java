package dev.helpstream.gateway.report;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * A report as CSV (RFC 4180): a header row, then one row per department and span, lines ended by
 * CRLF, a field quoted when it holds a comma, a double quote, CR or LF (its quotes doubled).
 *
 * <p>Columns, as {@link #HEADER} names them: the department, the span ({@code periodStart}: the
 * day, or the Monday of the week; {@code from}/{@code to}: the days covered), the counts, the rates
 * (empty when undefined: nothing closed, no SLA outcome), the percentiles in seconds (empty without
 * durations), then the minutes maps flattened into one field each as {@code <id>=<minutes>} pairs
 * sorted by id and joined by {@code ;} (ids never hold {@code =} or {@code ;}; the tickets without
 * a category are {@value #NO_CATEGORY}), and the attachments. A text field that a spreadsheet would
 * read as a formula ({@code = + - @}, tab, CR) is prefixed with {@code '}.
 */
final class ReportCsv {

    static final String HEADER = "departmentId,periodStart,from,to,opened,closed,reopened,reopenRate,"
            + "firstResponses,firstResponseP50Seconds,firstResponseP90Seconds,"
            + "resolutions,resolutionP50Seconds,resolutionP90Seconds,"
            + "slaMet,slaBreached,slaCompliancePercent,minutesByAgent,minutesByCategory,attachments,attachmentBytes";

    /** How the category of tickets without one is named in {@code minutesByCategory}. */
    static final String NO_CATEGORY = "(none)";

    private static final String EOL = "\r\n";

    private ReportCsv() {}

    static String render(List<ReportRow> rows) {
        StringBuilder csv = new StringBuilder(HEADER).append(EOL);
        for (ReportRow row : rows) {
            csv.append(text(row.departmentId()))
                    .append(',')
                    .append(row.span().label())
                    .append(',')
                    .append(row.span().from())
                    .append(',')
                    .append(row.span().to())
                    .append(',')
                    .append(row.figures().getOpened())
                    .append(',')
                    .append(row.figures().getClosed())
                    .append(',')
                    .append(row.figures().getReopened())
                    .append(',')
                    .append(number(row.reopenRate()))
                    .append(',')
                    .append(row.firstResponses())
                    .append(',')
                    .append(number(row.firstResponseSeconds(50)))
                    .append(',')
                    .append(number(row.firstResponseSeconds(90)))
                    .append(',')
                    .append(row.resolutions())
                    .append(',')
                    .append(number(row.resolutionSeconds(50)))
                    .append(',')
                    .append(number(row.resolutionSeconds(90)))
                    .append(',')
                    .append(row.figures().getSlaMet())
                    .append(',')
                    .append(row.figures().getSlaBreached())
                    .append(',')
                    .append(number(row.slaCompliancePercent()))
                    .append(',')
                    .append(text(pairs(row.minutesByAgent(), null)))
                    .append(',')
                    .append(text(pairs(row.minutesByCategory(), NO_CATEGORY)))
                    .append(',')
                    .append(row.figures().getAttachments())
                    .append(',')
                    .append(row.figures().getAttachmentBytes())
                    .append(EOL);
        }
        return csv.toString();
    }

    private static String pairs(Map<String, Long> minutes, String emptyId) {
        StringBuilder pairs = new StringBuilder();
        minutes.forEach((id, value) -> {
            if (!pairs.isEmpty()) {
                pairs.append(';');
            }
            pairs.append(id.isEmpty() && emptyId != null ? emptyId : id)
                    .append('=')
                    .append(value);
        });
        return pairs.toString();
    }

    private static String number(Number value) {
        if (value == null) {
            return "";
        }
        // Plain notation: 0.0001, never 1.0E-4.
        return value instanceof Double decimal ? BigDecimal.valueOf(decimal).toPlainString() : value.toString();
    }

    private static String text(String value) {
        String safe = value;
        if (!safe.isEmpty() && "=+-@\t\r".indexOf(safe.charAt(0)) >= 0) {
            safe = "'" + safe;
        }
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\r') >= 0 || safe.indexOf('\n') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }
}
