package dev.helpstream.gateway.report;

import dev.helpstream.schema.ReportDay;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Report figures held in a {@link DayTable} the test fills, available as the test says. */
final class InMemoryReportFigures implements ReportFigures {

    private final DayTable table = new DayTable();
    private volatile Availability availability = Availability.READY;
    private volatile String readOn;

    InMemoryReportFigures with(ReportDay... days) {
        for (ReportDay day : days) {
            table.put(day);
        }
        return this;
    }

    void availability(Availability now) {
        availability = now;
    }

    @Override
    public Availability availability() {
        return availability;
    }

    /** The name of the thread that last read days; null before any read. */
    String readOn() {
        return readOn;
    }

    @Override
    public List<ReportDay> days(String departmentId, LocalDate from, LocalDate to) {
        readOn = Thread.currentThread().getName();
        return table.days(departmentId, from, to);
    }

    @Override
    public Set<String> departmentsWithFigures(LocalDate from, LocalDate to) {
        return table.departmentsWithFigures(from, to);
    }

    @Override
    public boolean hasFigures(String departmentId) {
        return table.hasFigures(departmentId);
    }
}
