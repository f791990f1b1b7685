package dev.helpstream.gateway.report;

import dev.helpstream.schema.ReportDay;
import dev.helpstream.sla.report.Histograms;
import dev.helpstream.sla.report.ReportDays;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One department's figures over one span of a report, and the rates derived from them.
 *
 * <p>Invariant: the figures are the sum of the span's days ({@link ReportDays#plus}): counts and
 * minutes added, duration histograms merged, so a week's percentiles are those of every duration of
 * the week, never an average of daily percentiles.
 *
 * @param departmentId the department
 * @param span the day or week, and the days it covers
 * @param figures the sum of the span's days (its department and day fields are not used)
 */
record ReportRow(String departmentId, ReportPeriod.Span span, ReportDay figures) {

    /** The row of the department's {@code days} (those with figures) within {@code span}. */
    static ReportRow of(String departmentId, ReportPeriod.Span span, List<ReportDay> days) {
        ReportDay total = ReportDays.empty(departmentId, span.from());
        for (ReportDay day : days) {
            total = ReportDays.plus(total, day);
        }
        return new ReportRow(departmentId, span, total);
    }

    /** Reopened / closed, to 4 decimals; null when nothing closed. */
    Double reopenRate() {
        return ratio(figures.getReopened(), figures.getClosed(), 1, 4);
    }

    /** Met / (met + breached) × 100, to 1 decimal; null when no target was met or breached. */
    Double slaCompliancePercent() {
        return ratio(figures.getSlaMet(), figures.getSlaMet() + figures.getSlaBreached(), 100, 1);
    }

    long firstResponses() {
        return Histograms.count(figures.getFirstResponseSeconds());
    }

    Long firstResponseSeconds(int percentile) {
        return Histograms.percentile(figures.getFirstResponseSeconds(), percentile);
    }

    long resolutions() {
        return Histograms.count(figures.getResolutionSeconds());
    }

    Long resolutionSeconds(int percentile) {
        return Histograms.percentile(figures.getResolutionSeconds(), percentile);
    }

    /** Minutes per agent id, sorted by id. */
    Map<String, Long> minutesByAgent() {
        return new TreeMap<>(figures.getMinutesByAgent());
    }

    /** Minutes per category id ({@code ""}: tickets without a category), sorted by id. */
    Map<String, Long> minutesByCategory() {
        return new TreeMap<>(figures.getMinutesByCategory());
    }

    private static Double ratio(long part, long whole, int scale, int decimals) {
        if (whole == 0) {
            return null;
        }
        return BigDecimal.valueOf(part)
                .multiply(BigDecimal.valueOf(scale))
                .divide(BigDecimal.valueOf(whole), decimals, RoundingMode.HALF_UP)
                .doubleValue();
    }
}
