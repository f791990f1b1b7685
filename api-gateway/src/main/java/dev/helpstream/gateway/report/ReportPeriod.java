package dev.helpstream.gateway.report;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a report's range is cut into rows: days, or ISO weeks (Monday to Sunday). A week cut by the
 * range's edge keeps its Monday as label but covers only the days in range.
 */
enum ReportPeriod {
    DAY,
    WEEK;

    /**
     * One span of a report.
     *
     * @param label the day, or the Monday of the week
     * @param from the first day covered
     * @param to the last day covered
     */
    record Span(LocalDate label, LocalDate from, LocalDate to) {}

    /** The name in the query parameter and the answer: {@code day} or {@code week}. */
    String parameter() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The period named {@code day} or {@code week} (any case). */
    static Optional<ReportPeriod> fromParameter(String value) {
        for (ReportPeriod period : values()) {
            if (period.parameter().equalsIgnoreCase(value.strip())) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    /** The spans from {@code from} to {@code to} (both included, from not after to), in order. */
    List<Span> spans(LocalDate from, LocalDate to) {
        List<Span> spans = new ArrayList<>();
        LocalDate start = from;
        while (!start.isAfter(to)) {
            LocalDate label = this == DAY ? start : start.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            LocalDate end = this == DAY ? start : label.plusDays(6);
            if (end.isAfter(to)) {
                end = to;
            }
            spans.add(new Span(label, start, end));
            start = end.plusDays(1);
        }
        return spans;
    }
}
