package dev.helpstream.gateway.report;

import dev.helpstream.schema.ReportDay;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * Where the reports endpoint finds the pre-aggregated days: {@link ReportDayStore} follows {@code
 * reports.daily.v1} into a {@link DayTable}; tests give a table directly.
 */
interface ReportFigures {

    /** Whether the figures can be answered from. */
    enum Availability {
        /** Every record that was on the topic at start has been read. */
        READY,
        /** Still reading the records that were on the topic at start. */
        LOADING,
        /** No longer reading the topic (failed, or stopping). */
        STOPPED
    }

    Availability availability();

    /** The department's days from {@code from} to {@code to} (both included) that have figures, in order. */
    List<ReportDay> days(String departmentId, LocalDate from, LocalDate to);

    /** The departments with figures on at least one day from {@code from} to {@code to}, sorted. */
    Set<String> departmentsWithFigures(LocalDate from, LocalDate to);

    /** Whether the department has figures on any day. */
    boolean hasFigures(String departmentId);
}
