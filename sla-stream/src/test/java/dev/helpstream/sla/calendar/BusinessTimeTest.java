package dev.helpstream.sla.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.DayOfWeek;
import dev.helpstream.schema.config.Holiday;
import dev.helpstream.schema.config.WorkingHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BusinessTimeTest {

    private static final List<DayOfWeek> WEEKDAYS =
            List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);

    /** Europe/Paris, Monday to Friday 09:00-12:00 and 14:00-18:00. */
    private static List<WorkingHours> officeHours() {
        List<WorkingHours> hours = new ArrayList<>();
        for (DayOfWeek day : WEEKDAYS) {
            hours.add(new WorkingHours(day, "09:00", "12:00"));
            hours.add(new WorkingHours(day, "14:00", "18:00"));
        }
        return hours;
    }

    private static BusinessCalendar calendar(String zone, List<WorkingHours> hours, List<Holiday> holidays) {
        return new BusinessCalendar("Paris office", zone, hours, holidays);
    }

    private static BusinessTime paris(Holiday... holidays) {
        return BusinessTime.from(calendar("Europe/Paris", officeHours(), List.of(holidays)));
    }

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    private static Holiday fixedHoliday(String date) {
        return new Holiday(LocalDate.parse(date), false, "fixed " + date);
    }

    private static Holiday yearlyHoliday(String date) {
        return new Holiday(LocalDate.parse(date), true, "yearly " + date);
    }

    @Test
    void twoBusinessHoursFromFridayFiveInTheAfternoonEndOnMondayAtTen() {
        assertThat(paris().plus(at("2026-01-09T17:00+01:00"), Duration.ofHours(2)))
                .isEqualTo(at("2026-01-12T10:00+01:00"));
    }

    @Test
    void aFixedHolidayOnMondayPushesTheDueTimeToTuesday() {
        BusinessTime time = paris(fixedHoliday("2026-01-12"));

        assertThat(time.plus(at("2026-01-09T17:00+01:00"), Duration.ofHours(2)))
                .isEqualTo(at("2026-01-13T10:00+01:00"));
        assertThat(time.isWorking(at("2026-01-12T10:00+01:00"))).isFalse();
        assertThat(time.isWorking(at("2027-01-12T10:00+01:00"))).isTrue();
    }

    @Test
    void aYearlyHolidayOnTheFirstOfMayAppliesInEveryYear() {
        BusinessTime time = paris(yearlyHoliday("2020-05-01"));

        // 2026-05-01 is a Friday: one hour on Thursday, then Monday.
        assertThat(time.plus(at("2026-04-30T17:00+02:00"), Duration.ofHours(2)))
                .isEqualTo(at("2026-05-04T10:00+02:00"));
        assertThat(time.isWorking(at("2026-05-01T10:00+02:00"))).isFalse();
        assertThat(time.isWorking(at("2030-05-01T10:00+02:00"))).isFalse();
        assertThat(time.isWorking(at("2026-05-04T10:00+02:00"))).isTrue();
        assertThat(time.between(at("2026-04-27T00:00+02:00"), at("2026-05-04T00:00+02:00")))
                .isEqualTo(Duration.ofHours(4 * 7));
    }

    @Test
    void aYearlyTwentyNinthOfFebruaryAppliesOnlyInLeapYears() {
        BusinessTime time = paris(yearlyHoliday("2024-02-29"));

        assertThat(time.isWorking(at("2028-02-29T10:00+01:00"))).isFalse();
        assertThat(time.isWorking(at("2025-02-28T10:00+01:00"))).isTrue();
        assertThat(time.isWorking(at("2025-03-03T10:00+01:00"))).isTrue();
    }

    @Test
    void businessHoursAcrossTheSpringForwardWeekendCountWorkingTimeOnly() {
        BusinessTime time = paris();

        // Friday 2026-03-27 is in CET, Monday 2026-03-30 in CEST.
        assertThat(time.plus(at("2026-03-27T17:00+01:00"), Duration.ofHours(2)))
                .isEqualTo(at("2026-03-30T10:00+02:00"));
        assertThat(time.between(at("2026-03-27T17:00+01:00"), at("2026-03-30T10:00+02:00")))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void anIntervalCrossingTheSpringForwardChangeLastsTwoHours() {
        BusinessTime time = sundayNight();

        assertThat(time.between(at("2026-03-28T00:00+01:00"), at("2026-03-30T00:00+02:00")))
                .isEqualTo(Duration.ofHours(2));
        assertThat(time.plus(at("2026-03-29T00:00+01:00"), Duration.ofHours(2)))
                .isEqualTo(at("2026-03-29T04:00+02:00"));
        assertThat(time.isWorking(at("2026-03-29T03:30+02:00"))).isTrue();
    }

    @Test
    void anIntervalCrossingTheFallBackChangeLastsFourHours() {
        BusinessTime time = sundayNight();

        assertThat(time.between(at("2026-10-24T00:00+02:00"), at("2026-10-26T00:00+01:00")))
                .isEqualTo(Duration.ofHours(4));
        // 01:00 CEST plus three hours is 03:00 CET, one hour before closing.
        assertThat(time.plus(at("2026-10-25T01:00+02:00"), Duration.ofHours(3)))
                .isEqualTo(at("2026-10-25T03:00+01:00"));
        assertThat(time.plus(at("2026-10-25T01:00+02:00"), Duration.ofHours(4)))
                .isEqualTo(at("2026-10-25T04:00+01:00"));
    }

    @Test
    void anIntervalOnAnOrdinarySundayLastsThreeHours() {
        assertThat(sundayNight().between(at("2026-03-22T00:00+01:00"), at("2026-03-23T00:00+01:00")))
                .isEqualTo(Duration.ofHours(3));
    }

    @Test
    void anIntervalLyingInsideTheSpringForwardGapMovesForwardByTheGap() {
        BusinessTime time = BusinessTime.from(
                calendar("Europe/Paris", List.of(new WorkingHours(DayOfWeek.SUNDAY, "02:15", "02:45")), List.of()));

        // java.time resolves 02:15 and 02:45, which do not exist that night, to 03:15 and 03:45 CEST.
        assertThat(time.plus(at("2026-03-28T12:00+01:00"), Duration.ofMinutes(30)))
                .isEqualTo(at("2026-03-29T03:45+02:00"));
        assertThat(time.isWorking(at("2026-03-29T03:15+02:00"))).isTrue();
    }

    @Test
    void anIntervalThatCollapsesInTheSpringForwardGapHasNoWorkingTimeThatDay() {
        BusinessTime time = BusinessTime.from(
                calendar("Europe/Paris", List.of(new WorkingHours(DayOfWeek.SUNDAY, "02:30", "03:10")), List.of()));

        // The start resolves to 03:30 CEST, after the end at 03:10 CEST.
        assertThat(time.between(at("2026-03-29T00:00+01:00"), at("2026-03-30T00:00+02:00")))
                .isEqualTo(Duration.ZERO);
        assertThat(time.between(at("2026-03-22T00:00+01:00"), at("2026-03-23T00:00+01:00")))
                .isEqualTo(Duration.ofMinutes(40));
        assertThat(time.plus(at("2026-03-28T12:00+01:00"), Duration.ofMinutes(40)))
                .isEqualTo(at("2026-04-05T03:10+02:00"));
    }

    private static BusinessTime sundayNight() {
        return BusinessTime.from(
                calendar("Europe/Paris", List.of(new WorkingHours(DayOfWeek.SUNDAY, "01:00", "04:00")), List.of()));
    }

    @Test
    void betweenUndoesPlusForTwoHundredPseudoRandomStartsAndDurations() {
        BusinessTime time = paris(fixedHoliday("2026-04-06"), yearlyHoliday("2000-05-01"), yearlyHoliday("2000-11-01"));
        Instant base = at("2026-01-01T00:00+01:00");
        Random random = new Random(20260329L);

        for (int i = 0; i < 200; i++) {
            Instant start = base.plusSeconds(random.nextInt(365 * 24 * 3600));
            Duration duration = Duration.ofSeconds(1 + random.nextInt(120 * 3600));

            Instant due = time.plus(start, duration);

            assertThat(time.between(start, due)).as("case %d from %s", i, start).isEqualTo(duration);
            // Minimal: the last nanosecond before the due time is still working time.
            assertThat(time.between(start, due.minusNanos(1)))
                    .as("case %d from %s", i, start)
                    .isEqualTo(duration.minusNanos(1));
        }
    }

    @Test
    void betweenIsZeroWhenTheEndIsNotAfterTheStart() {
        BusinessTime time = paris();
        Instant monday = at("2026-01-12T10:00+01:00");

        assertThat(time.between(monday, monday)).isEqualTo(Duration.ZERO);
        assertThat(time.between(monday, monday.minusSeconds(3600))).isEqualTo(Duration.ZERO);
    }

    @Test
    void aStartInsideTheLunchBreakCountsFromTwoInTheAfternoon() {
        BusinessTime time = paris();

        assertThat(time.plus(at("2026-01-12T12:30+01:00"), Duration.ofHours(1)))
                .isEqualTo(at("2026-01-12T15:00+01:00"));
        assertThat(time.isWorking(at("2026-01-12T12:30+01:00"))).isFalse();
    }

    @Test
    void aStartExactlyAtClosingCountsFromTheNextOpening() {
        assertThat(paris().plus(at("2026-01-12T18:00+01:00"), Duration.ofHours(1)))
                .isEqualTo(at("2026-01-13T10:00+01:00"));
    }

    @Test
    void workThatRunsOutExactlyAtClosingIsDueAtClosing() {
        assertThat(paris().plus(at("2026-01-12T17:00+01:00"), Duration.ofHours(1)))
                .isEqualTo(at("2026-01-12T18:00+01:00"));
    }

    @Test
    void openingIsWorkingAndClosingIsNot() {
        BusinessTime time = paris();

        assertThat(time.isWorking(at("2026-01-12T09:00+01:00"))).isTrue();
        assertThat(time.isWorking(at("2026-01-12T11:59:59+01:00"))).isTrue();
        assertThat(time.isWorking(at("2026-01-12T12:00+01:00"))).isFalse();
        assertThat(time.isWorking(at("2026-01-10T10:00+01:00"))).isFalse();
    }

    @Test
    void aZeroDurationReturnsTheStartEvenOutsideWorkingTime() {
        Instant saturday = at("2026-01-10T10:00+01:00");

        assertThat(paris().plus(saturday, Duration.ZERO)).isEqualTo(saturday);
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertThatThrownBy(() -> paris().plus(at("2026-01-12T10:00+01:00"), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("business duration must not be negative: PT-1M");
    }

    @Test
    void anIntervalEndingAtTwentyFourContinuesIntoTheNextDay() {
        BusinessTime time = BusinessTime.from(calendar(
                "Europe/Paris",
                List.of(
                        new WorkingHours(DayOfWeek.MONDAY, "20:00", "24:00"),
                        new WorkingHours(DayOfWeek.TUESDAY, "00:00", "02:00")),
                List.of()));

        assertThat(time.plus(at("2026-01-12T23:00+01:00"), Duration.ofHours(2)))
                .isEqualTo(at("2026-01-13T01:00+01:00"));
        assertThat(time.between(at("2026-01-12T00:00+01:00"), at("2026-01-14T00:00+01:00")))
                .isEqualTo(Duration.ofHours(6));
        assertThat(time.isWorking(at("2026-01-12T23:59:59+01:00"))).isTrue();
        assertThat(time.isWorking(at("2026-01-13T02:00+01:00"))).isFalse();
    }

    @Test
    void anUnknownTimeZoneIsRefused() {
        assertThatThrownBy(() -> BusinessTime.from(calendar("Mars/Olympus", officeHours(), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("business calendar 'Paris office': unknown time zone 'Mars/Olympus'");
    }

    @Test
    void aTimeThatIsNotHoursAndMinutesIsRefused() {
        assertThatThrownBy(() -> BusinessTime.from(calendar(
                        "Europe/Paris", List.of(new WorkingHours(DayOfWeek.MONDAY, "9h00", "12:00")), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "business calendar 'Paris office': working hours on MONDAY: start '9h00' is not a time HH:mm");
        assertThatThrownBy(() -> BusinessTime.from(calendar(
                        "Europe/Paris", List.of(new WorkingHours(DayOfWeek.MONDAY, "24:00", "24:00")), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "business calendar 'Paris office': working hours on MONDAY: start '24:00' is not a time HH:mm");
        assertThatThrownBy(() -> BusinessTime.from(calendar(
                        "Europe/Paris", List.of(new WorkingHours(DayOfWeek.MONDAY, "09:00", "25:00")), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("business calendar 'Paris office': working hours on MONDAY: end '25:00' is not a time HH:mm"
                        + " (or 24:00)");
    }

    @Test
    void anIntervalEndingAtOrBeforeItsStartIsRefused() {
        assertThatThrownBy(() -> BusinessTime.from(calendar(
                        "Europe/Paris", List.of(new WorkingHours(DayOfWeek.TUESDAY, "09:00", "09:00")), List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("business calendar 'Paris office': working hours on TUESDAY: end 09:00 must be after start"
                        + " 09:00");
    }

    @Test
    void overlappingIntervalsOnOneWeekdayAreRefused() {
        assertThatThrownBy(() -> BusinessTime.from(calendar(
                        "Europe/Paris",
                        List.of(
                                new WorkingHours(DayOfWeek.WEDNESDAY, "13:00", "18:00"),
                                new WorkingHours(DayOfWeek.WEDNESDAY, "09:00", "13:30")),
                        List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("business calendar 'Paris office': working hours on WEDNESDAY overlap: 09:00-13:30 and"
                        + " 13:00-18:00");
    }

    @Test
    void touchingIntervalsAreOneContinuousStretch() {
        BusinessTime time = BusinessTime.from(calendar(
                "Europe/Paris",
                List.of(
                        new WorkingHours(DayOfWeek.MONDAY, "12:00", "14:00"),
                        new WorkingHours(DayOfWeek.MONDAY, "09:00", "12:00")),
                List.of()));

        assertThat(time.plus(at("2026-01-12T11:00+01:00"), Duration.ofHours(2)))
                .isEqualTo(at("2026-01-12T13:00+01:00"));
    }

    @Test
    void aCalendarWithoutWorkingDaysCannotComputeDueTimes() {
        BusinessTime time = BusinessTime.from(calendar("Europe/Paris", List.of(), List.of()));
        Instant monday = at("2026-01-12T10:00+01:00");

        assertThatThrownBy(() -> time.plus(monday, Duration.ofHours(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("business calendar 'Paris office' has no working hours on any day");
        assertThat(time.between(monday, monday.plusSeconds(7 * 24 * 3600))).isEqualTo(Duration.ZERO);
        assertThat(time.isWorking(monday)).isFalse();
    }

    @Test
    void theSearchForWorkingTimeStopsAfterTwentyYears() {
        BusinessTime time = paris();

        assertThatThrownBy(() -> time.plus(at("2026-01-12T10:00+01:00"), Duration.ofHours(24L * 365 * 25)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("business calendar 'Paris office' has no room for PT219000H of working time within 7320"
                        + " days after 2026-01-12T09:00:00Z");
    }
}
