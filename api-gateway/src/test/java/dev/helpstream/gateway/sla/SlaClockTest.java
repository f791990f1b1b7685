package dev.helpstream.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    private static SlaTarget reach(String statusId, boolean businessTime) {
        return SlaTarget.newBuilder()
                .setMetric(SlaMetric.STATUS_REACHED)
                .setStatusId(statusId)
                .setDurationMinutes(600)
                .setBusinessTime(businessTime)
                .build();
    }

    @Test
    void shouldCountOnlyTheCalendarsWorkingHoursForABusinessTimeTarget() {
        assertThat(clock.millis("gold", SlaMetric.FIRST_RESPONSE, null, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(clock.countsBusinessTime("gold", SlaMetric.FIRST_RESPONSE, null))
                .isTrue();
    }

    @Test
    void shouldCountTheWorkingHoursSinceTheDueInstantAsNegativeOnceOverdue() {
        Instant mondayHalfPastEleven = MONDAY_10AM.plus(Duration.ofMinutes(90));

        assertThat(clock.millis("gold", SlaMetric.FIRST_RESPONSE, null, FRIDAY_4PM, mondayHalfPastEleven))
                .isEqualTo(-Duration.ofMinutes(60 + 150).toMillis());
    }

    @Test
    void shouldCountWallClockTimeForACalendarTimeTargetAPolicyWithoutCalendarOrAnUnknownPolicy() {
        long wallClock = Duration.between(FRIDAY_4PM, MONDAY_10AM).toMillis();

        assertThat(clock.millis("gold", SlaMetric.RESOLUTION, null, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(clock.millis("plain", SlaMetric.FIRST_RESPONSE, null, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(clock.millis("gone", SlaMetric.FIRST_RESPONSE, null, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(clock.millis("gold", SlaMetric.NEXT_RESPONSE, null, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(new SlaClock(() -> ConfigEntities.EMPTY)
                        .millis("gold", SlaMetric.FIRST_RESPONSE, null, MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(wallClock);
        assertThat(clock.countsBusinessTime("gold", SlaMetric.RESOLUTION, null)).isFalse();
        assertThat(clock.countsBusinessTime("plain", SlaMetric.FIRST_RESPONSE, null))
                .isFalse();
    }

    @Test
    void shouldCountEachStatusToReachWithItsOwnTargetsMeasure() {
        // Policy stages: reaching triaged counts office hours, reaching solved wall-clock time.
        List<ConfigEntity> entities = new ArrayList<>(SlaConfigFixtures.entities());
        entities.add(ConfigEntity.newBuilder(entities.get(1))
                .setId("stages")
                .setPayload(SlaPolicy.newBuilder()
                        .setName("Stages")
                        .setOrder(3)
                        .setCalendarId("office")
                        .setTargets(List.of(reach("solved", false), reach("triaged", true)))
                        .build())
                .build());
        SlaClock stages = new SlaClock(() -> ConfigEntities.of(entities));

        assertThat(stages.millis("stages", SlaMetric.STATUS_REACHED, "triaged", MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(Duration.ofHours(2).toMillis());
        assertThat(stages.millis("stages", SlaMetric.STATUS_REACHED, "solved", MONDAY_10AM, FRIDAY_4PM))
                .isEqualTo(Duration.between(FRIDAY_4PM, MONDAY_10AM).toMillis());
        assertThat(stages.countsBusinessTime("stages", SlaMetric.STATUS_REACHED, "triaged"))
                .isTrue();
        assertThat(stages.countsBusinessTime("stages", SlaMetric.STATUS_REACHED, "solved"))
                .isFalse();
    }

    @Test
    void shouldNameThePolicyFromTheConfiguration() {
        assertThat(clock.policyName("gold")).contains("Gold");
        assertThat(clock.policyName("gone")).isEmpty();
        assertThat(clock.policyName(null)).isEmpty();
    }
}
