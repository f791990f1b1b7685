package dev.helpstream.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.SlaMetric;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The time left on a target, counted as sla-stream counts it ({@link SlaConfigFixtures}: the
 * office calendar is open Monday to Friday 09:00-17:00 in Paris, UTC+1 in early March 2026).
 */
class SlaClockTest {

    /** Friday 6 March 2026, 16:00 in Paris. */
    private static final Instant FRIDAY_4PM = Instant.parse("2026-03-06T15:00:00Z");

    /** Monday 9 March 2026, 10:00 in Paris. */
    private static final Instant MONDAY_10AM = Instant.parse("2026-03-09T09:00:00Z");

    private final SlaClock clock = new SlaClock(SlaConfigFixtures::config);

    @Test
    void shouldCountOnlyTheCalendarsWorkingHoursForABusinessTimeTarget() {
        assertThat(clock.millis("gold", SlaMetric.FIRST_RESPONSE, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(clock.countsBusinessTime("gold", SlaMetric.FIRST_RESPONSE)).isTrue();
    }

    @Test
    void shouldCountTheWorkingHoursSinceTheDueInstantAsNegativeOnceOverdue() {
        Instant mondayHalfPastEleven = MONDAY_10AM.plus(Duration.ofMinutes(90));

        assertThat(clock.millis("gold", SlaMetric.FIRST_RESPONSE, FRIDAY_4PM, mondayHalfPastEleven))
                .isEqualTo(-Duration.ofMinutes(60 + 150).toMillis());
    }

    @Test
    void shouldCountWallClockTimeForACalendarTimeTargetAPolicyWithoutCalendarOrAnUnknownPolicy() {
        long wallClock = Duration.between(FRIDAY_4PM, MONDAY_10AM).toMillis();

        assertThat(clock.millis("gold", SlaMetric.RESOLUTION, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(clock.millis("plain", SlaMetric.FIRST_RESPONSE, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(clock.millis("gone", SlaMetric.FIRST_RESPONSE, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(clock.millis("gold", SlaMetric.NEXT_RESPONSE, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(new SlaClock(() -> ConfigEntities.EMPTY)
                        .millis("gold", SlaMetric.FIRST_RESPONSE, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(clock.countsBusinessTime("gold", SlaMetric.RESOLUTION)).isFalse();
        assertThat(clock.countsBusinessTime("plain", SlaMetric.FIRST_RESPONSE)).isFalse();
    }

    @Test
    void shouldNameThePolicyFromTheConfiguration() {
        assertThat(clock.policyName("gold")).contains("Gold");
        assertThat(clock.policyName("gone")).isEmpty();
        assertThat(clock.policyName(null)).isEmpty();
    }
}
