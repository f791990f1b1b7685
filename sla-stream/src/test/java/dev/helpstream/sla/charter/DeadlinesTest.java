package dev.helpstream.sla.charter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.DayOfWeek;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.config.WorkingHours;
import dev.helpstream.sla.calendar.BusinessTime;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadlinesTest {

    /** Europe/Paris, Monday to Friday 09:00-18:00. */
    private static final Optional<BusinessTime> PARIS = Optional.of(BusinessTime.from(new BusinessCalendar(
            "Paris office",
            "Europe/Paris",
            List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)
                    .stream()
                    .map(day -> new WorkingHours(day, "09:00", "18:00"))
                    .toList(),
            List.of())));

    private static final Instant FRIDAY_14H = at("2026-01-09T14:00+01:00");

    private static Instant at(String offsetDateTime) {
        return OffsetDateTime.parse(offsetDateTime).toInstant();
    }

    private static SlaTarget target(int minutes, boolean businessTime) {
        return new SlaTarget(SlaMetric.RESOLUTION, minutes, businessTime, null);
    }

    @Test
    void eightBusinessHoursFromFridayAtTwoAreDueOnMondayAtOne() {
        assertThat(Deadlines.due(target(8 * 60, true), FRIDAY_14H, PARIS)).isEqualTo(at("2026-01-12T13:00+01:00"));
    }

    @Test
    void theEightyPercentWarningOfEightBusinessHoursFromFridayAtTwoFallsOnMondayAtElevenTwentyFour() {
        assertThat(Deadlines.warningAt(target(8 * 60, true), 80, FRIDAY_14H, PARIS))
                .isEqualTo(at("2026-01-12T11:24+01:00"));
    }

    @Test
    void aWallClockTargetIgnoresTheCalendar() {
        SlaTarget eightHours = target(8 * 60, false);

        assertThat(Deadlines.due(eightHours, FRIDAY_14H, PARIS)).isEqualTo(at("2026-01-09T22:00+01:00"));
        assertThat(Deadlines.warningAt(eightHours, 50, FRIDAY_14H, PARIS)).isEqualTo(at("2026-01-09T18:00+01:00"));
    }

    @Test
    void aBusinessTimeTargetWithoutACalendarCountsWallClockTime() {
        assertThat(Deadlines.due(target(8 * 60, true), FRIDAY_14H, Optional.empty()))
                .isEqualTo(at("2026-01-09T22:00+01:00"));
    }

    @Test
    void aWarningPercentOutsideOneToNinetyNineCountsAsEighty() {
        SlaTarget tenHours = target(10 * 60, false);

        assertThat(Deadlines.warningAt(tenHours, 0, FRIDAY_14H, PARIS)).isEqualTo(at("2026-01-09T22:00+01:00"));
        assertThat(Deadlines.warningAt(tenHours, 100, FRIDAY_14H, PARIS)).isEqualTo(at("2026-01-09T22:00+01:00"));
        assertThat(Deadlines.warningAt(tenHours, 99, FRIDAY_14H, PARIS)).isEqualTo(at("2026-01-09T23:54+01:00"));
    }

    @Test
    void aNegativeDurationIsRejected() {
        assertThatThrownBy(() -> Deadlines.due(target(-1, false), FRIDAY_14H, PARIS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SLA target RESOLUTION has a negative duration: -1 minutes");
    }
}
