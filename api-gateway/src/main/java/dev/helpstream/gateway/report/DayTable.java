package dev.helpstream.gateway.report;

import dev.helpstream.schema.ReportDay;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report days in memory, by department and date. Thread-safe: one writer (the follower's
 * thread) and any number of readers (requests).
 *
 * <p>Invariant: one {@link ReportDay} per department and date, the last one put (sla-stream sends
 * whole days, so the last is the complete one); a department without days is not kept.
 */
final class DayTable {

    private final Map<String, NavigableMap<LocalDate, ReportDay>> departments = new HashMap<>();

    /** Takes the day, replacing what was there for its department and date. */
    synchronized void put(ReportDay day) {
        departments
                .computeIfAbsent(day.getDepartmentId(), id -> new TreeMap<>())
                .put(day.getDay(), day);
    }

    /** Forgets the department's day. */
    synchronized void remove(String departmentId, LocalDate day) {
        NavigableMap<LocalDate, ReportDay> days = departments.get(departmentId);
        if (days != null) {
            days.remove(day);
            if (days.isEmpty()) {
                departments.remove(departmentId);
            }
        }
    }

    synchronized List<ReportDay> days(String departmentId, LocalDate from, LocalDate to) {
        NavigableMap<LocalDate, ReportDay> days = departments.get(departmentId);
        return days == null
                ? List.of()
                : List.copyOf(days.subMap(from, true, to, true).values());
    }

    synchronized Set<String> departmentsWithFigures(LocalDate from, LocalDate to) {
        Set<String> found = new TreeSet<>();
        departments.forEach((id, days) -> {
            if (!days.subMap(from, true, to, true).isEmpty()) {
                found.add(id);
            }
        });
        return found;
    }

    synchronized boolean hasFigures(String departmentId) {
        return departments.containsKey(departmentId);
    }
}
