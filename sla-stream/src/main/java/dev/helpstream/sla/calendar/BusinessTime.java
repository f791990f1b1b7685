package dev.helpstream.sla.calendar;

import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.Holiday;
import dev.helpstream.schema.config.WorkingHours;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Business-time arithmetic over one {@link BusinessCalendar}: working intervals per weekday in the
 * calendar's time zone, minus holidays.
 *
 * <p>Input: the calendar config record, validated once in {@link #from(BusinessCalendar)}. Output:
 * due instants ({@link #plus}), elapsed working time ({@link #between}) and {@link #isWorking}.
 * Invariant: every answer is a pure function of the calendar and the arguments (no clock reads),
 * and {@code between(a, plus(a, d)) == d} for every instant {@code a} and duration {@code d}.
 *
 * <p>Each working interval belongs to the local date it starts on and is resolved to instants on
 * that date by {@code java.time}, so daylight-saving changes are exact: an interval 01:30-03:30 is
 * one hour long on a spring-forward day and three hours long on a fall-back day (a local time in a
 * gap moves forward by the gap's length; a time in an overlap takes the earlier offset). An
 * interval that collapses inside a gap (start resolves at or after its end) has no working time that
 * day. A holiday removes the intervals that start on that date. A yearly holiday matches on month and
 * day; a yearly 29 February therefore only applies in leap years (it does not move to 28 February).
 *
 * <p>Immutable and thread-safe.
 */
public final class BusinessTime {

    /** Upper bound of the search for working time, so an all-holiday calendar cannot loop forever. */
    static final int MAX_SEARCH_DAYS = 20 * 366;

    private static final DateTimeFormatter HH_MM =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);
    private static final String END_OF_DAY = "24:00";

    private final String name;
    private final ZoneId zone;
    private final Map<DayOfWeek, List<Interval>> intervals;
    private final Set<LocalDate> fixedHolidays;
    private final Set<MonthDay> yearlyHolidays;
    private final boolean hasWorkingTime;

    private BusinessTime(
            String name,
            ZoneId zone,
            Map<DayOfWeek, List<Interval>> intervals,
            Set<LocalDate> fixedHolidays,
            Set<MonthDay> yearlyHolidays) {
        this.name = name;
        this.zone = zone;
        this.intervals = intervals;
        this.fixedHolidays = fixedHolidays;
        this.yearlyHolidays = yearlyHolidays;
        this.hasWorkingTime = intervals.values().stream().anyMatch(list -> !list.isEmpty());
    }

    /**
     * Validates the calendar and builds its arithmetic.
     *
     * @throws IllegalArgumentException naming the calendar and the offending field when the time
     *     zone is unknown, a time is not {@code HH:mm} (or {@code 24:00} as an end), an interval ends
     *     at or before its start, two intervals of a weekday overlap, or a holiday has no date
     */
    public static BusinessTime from(BusinessCalendar calendar) {
        Objects.requireNonNull(calendar, "calendar");
        String name = calendar.getName();
        ZoneId zone = zoneOf(name, calendar.getTimeZoneId());

        Map<DayOfWeek, List<Interval>> byDay = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            byDay.put(day, new ArrayList<>());
        }
        for (WorkingHours hours : calendar.getWorkingHours()) {
            if (hours.getDayOfWeek() == null) {
                throw invalid(name, "working hours without a day of week");
            }
            DayOfWeek day = DayOfWeek.valueOf(hours.getDayOfWeek().name());
            LocalTime start = parseTime(name, day, "start", hours.getStart(), false);
            LocalTime end = parseTime(name, day, "end", hours.getEnd(), true);
            boolean endsAtMidnight = END_OF_DAY.equals(hours.getEnd());
            if (!endsAtMidnight && !end.isAfter(start)) {
                throw invalid(
                        name,
                        "working hours on " + day + ": end " + hours.getEnd() + " must be after start "
                                + hours.getStart());
            }
            byDay.get(day).add(new Interval(start, endsAtMidnight ? null : end));
        }

        Map<DayOfWeek, List<Interval>> frozen = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<DayOfWeek, List<Interval>> entry : byDay.entrySet()) {
            List<Interval> sorted = new ArrayList<>(entry.getValue());
            sorted.sort(Comparator.comparing(Interval::start));
            for (int i = 1; i < sorted.size(); i++) {
                Interval previous = sorted.get(i - 1);
                Interval next = sorted.get(i);
                if (previous.endsAtMidnight() || next.start().isBefore(previous.end())) {
                    throw invalid(
                            name, "working hours on " + entry.getKey() + " overlap: " + previous + " and " + next);
                }
            }
            frozen.put(entry.getKey(), List.copyOf(sorted));
        }

        Set<LocalDate> fixed = new HashSet<>();
        Set<MonthDay> yearly = new HashSet<>();
        for (Holiday holiday : calendar.getHolidays()) {
            if (holiday.getDate() == null) {
                throw invalid(name, "holiday " + holiday.getName() + " has no date");
            }
            if (holiday.getYearly()) {
                yearly.add(MonthDay.from(holiday.getDate()));
            } else {
                fixed.add(holiday.getDate());
            }
        }
        return new BusinessTime(name, zone, frozen, Set.copyOf(fixed), Set.copyOf(yearly));
    }

    /** The calendar's time zone. */
    public ZoneId zone() {
        return zone;
    }

    /**
     * The instant at which {@code businessDuration} of working time has elapsed after {@code start}.
     * A start outside working time counts from the next opening; when the duration runs out exactly
     * at a closing time, the answer is that closing time (not the next opening). A zero duration
     * returns {@code start} unchanged.
     *
     * @throws IllegalArgumentException when the duration is negative
     * @throws IllegalStateException when the calendar has no working time at all, or not enough of
     *     it within {@value #MAX_SEARCH_DAYS} days (e.g. every working day is a holiday)
     */
    public Instant plus(Instant start, Duration businessDuration) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(businessDuration, "businessDuration");
        if (businessDuration.isNegative()) {
            throw new IllegalArgumentException("business duration must not be negative: " + businessDuration);
        }
        if (businessDuration.isZero()) {
            return start;
        }
        if (!hasWorkingTime) {
            throw new IllegalStateException("business calendar '" + name + "' has no working hours on any day");
        }
        Duration remaining = businessDuration;
        // Start one day early: an interval of the previous local date can reach past midnight when
        // its end resolves forward through a daylight-saving gap.
        LocalDate first = LocalDate.ofInstant(start, zone).minusDays(1);
        for (int offset = 0; offset <= MAX_SEARCH_DAYS; offset++) {
            LocalDate date = first.plusDays(offset);
            if (isHoliday(date)) {
                continue;
            }
            for (Interval interval : intervals.get(date.getDayOfWeek())) {
                Instant open = later(interval.startOn(date, zone), start);
                Instant close = interval.endOn(date, zone);
                if (!close.isAfter(open)) {
                    continue;
                }
                Duration available = Duration.between(open, close);
                if (remaining.compareTo(available) <= 0) {
                    return open.plus(remaining);
                }
                remaining = remaining.minus(available);
            }
        }
        throw new IllegalStateException("business calendar '" + name + "' has no room for " + businessDuration
                + " of working time within " + MAX_SEARCH_DAYS + " days after " + start);
    }

    /** Working time in {@code [from, to)}; zero when {@code to} is not after {@code from}. */
    public Duration between(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        Duration total = Duration.ZERO;
        LocalDate last = LocalDate.ofInstant(to, zone);
        for (LocalDate date = LocalDate.ofInstant(from, zone).minusDays(1);
                !date.isAfter(last);
                date = date.plusDays(1)) {
            if (isHoliday(date)) {
                continue;
            }
            for (Interval interval : intervals.get(date.getDayOfWeek())) {
                Instant open = later(interval.startOn(date, zone), from);
                Instant close = earlier(interval.endOn(date, zone), to);
                if (close.isAfter(open)) {
                    total = total.plus(Duration.between(open, close));
                }
            }
        }
        return total;
    }

    /** Whether {@code at} falls inside a working interval (start inclusive, end exclusive). */
    public boolean isWorking(Instant at) {
        Objects.requireNonNull(at, "at");
        LocalDate date = LocalDate.ofInstant(at, zone);
        for (LocalDate candidate : List.of(date.minusDays(1), date)) {
            if (isHoliday(candidate)) {
                continue;
            }
            for (Interval interval : intervals.get(candidate.getDayOfWeek())) {
                if (!at.isBefore(interval.startOn(candidate, zone)) && at.isBefore(interval.endOn(candidate, zone))) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean isHoliday(LocalDate date) {
        return fixedHolidays.contains(date) || yearlyHolidays.contains(MonthDay.from(date));
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static ZoneId zoneOf(String name, String zoneId) {
        if (zoneId == null || zoneId.isBlank()) {
            throw invalid(name, "time zone is missing");
        }
        try {
            return ZoneId.of(zoneId);
        } catch (DateTimeException e) {
            throw invalid(name, "unknown time zone '" + zoneId + "'");
        }
    }

    private static LocalTime parseTime(String name, DayOfWeek day, String field, String text, boolean end) {
        if (text == null) {
            throw invalid(name, "working hours on " + day + ": " + field + " is missing");
        }
        if (end && END_OF_DAY.equals(text)) {
            return LocalTime.MIDNIGHT;
        }
        try {
            return LocalTime.parse(text, HH_MM);
        } catch (DateTimeParseException e) {
            throw invalid(
                    name,
                    "working hours on " + day + ": " + field + " '" + text + "' is not a time HH:mm"
                            + (end ? " (or 24:00)" : ""));
        }
    }

    private static IllegalArgumentException invalid(String name, String reason) {
        return new IllegalArgumentException("business calendar '" + name + "': " + reason);
    }

    /** A working interval in local time; a null end means midnight at the end of the day (24:00). */
    private record Interval(LocalTime start, LocalTime end) {

        boolean endsAtMidnight() {
            return end == null;
        }

        Instant startOn(LocalDate date, ZoneId zone) {
            return date.atTime(start).atZone(zone).toInstant();
        }

        Instant endOn(LocalDate date, ZoneId zone) {
            return endsAtMidnight()
                    ? date.plusDays(1).atStartOfDay(zone).toInstant()
                    : date.atTime(end).atZone(zone).toInstant();
        }

        @Override
        public String toString() {
            return HH_MM.format(start) + "-" + (endsAtMidnight() ? END_OF_DAY : HH_MM.format(end));
        }
    }
}
