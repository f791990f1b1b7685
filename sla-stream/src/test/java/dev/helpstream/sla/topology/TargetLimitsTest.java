package dev.helpstream.sla.topology;

import static dev.helpstream.sla.SlaPolicies.businessTarget;
import static dev.helpstream.sla.SlaPolicies.policy;
import static dev.helpstream.sla.SlaPolicies.target;
import static dev.helpstream.sla.topology.SlaDriver.CUSTOMER;
import static dev.helpstream.sla.topology.SlaDriver.TICKET;
import static dev.helpstream.sla.topology.SlaDriver.officeHours;
import static dev.helpstream.sla.topology.SlaDriver.opened;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.SlaMetric;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Targets at the edge of what a clock can hold: a due time centuries ahead, and a business-time
 * target the calendar has no room for.
 */
class TargetLimitsTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

    @Test
    void shouldKeepADueTimeCenturiesAheadBehindTodaysDeadlinesInTheIndex() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            // An admin's "never": 200,000,000 minutes of wall-clock time, due in the year 2405.
            sla.policy(
                    "forever",
                    policy(
                                    "Forever",
                                    1,
                                    target(SlaMetric.FIRST_RESPONSE, 60),
                                    target(SlaMetric.RESOLUTION, 200_000_000))
                            .build());
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();

            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(
                            SlaDriver.indexKey(Instant.parse("2025-03-03T09:48:00Z"), "WARNING:FIRST_RESPONSE"),
                            SlaDriver.indexKey(Instant.parse("2025-03-03T10:00:00Z"), "BREACH:FIRST_RESPONSE"),
                            SlaDriver.indexKey(Instant.parse("2329-05-20T11:40:00Z"), "WARNING:RESOLUTION"),
                            SlaDriver.indexKey(Instant.parse("2405-06-08T06:20:00Z"), "BREACH:RESOLUTION"));
            sla.advanceWallClockTo(T0.plusSeconds(1));
            sla.advanceWallClockTo(Instant.parse("2025-03-03T10:00:00Z"));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "WARNING FIRST_RESPONSE at 2025-03-03T09:48:00Z due 2025-03-03T10:00:00Z"
                                    + " warn 2025-03-03T09:48:00Z remaining 720000 policy forever#1",
                            "BREACH FIRST_RESPONSE at 2025-03-03T10:00:00Z due 2025-03-03T10:00:00Z"
                                    + " warn 2025-03-03T09:48:00Z remaining 0 policy forever#1");
            assertThat(sla.deadlineIndex()).hasSize(2);
        }
    }

    @Test
    void shouldRunABusinessTimeTargetTheCalendarHasNoRoomForWithoutADueTimeInsteadOfDeadLetteringTheTicket() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.calendar("office", officeHours("Office", "Europe/Paris").build());
            // 3,000,000 business minutes: 50,000 working hours, about 24 years of 40-hour weeks.
            sla.policy(
                    "long",
                    policy(
                                    "Long",
                                    1,
                                    businessTarget(SlaMetric.FIRST_RESPONSE, 60),
                                    businessTarget(SlaMetric.RESOLUTION, 3_000_000))
                            .setCalendarId("office")
                            .build());

            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());

            String rule = "policy \"Long\" (order 1): every ticket; ticket opened";
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "TARGETS_SET FIRST_RESPONSE at 2025-03-03T09:00:00Z due 2025-03-03T10:00:00Z"
                                    + " warn 2025-03-03T09:48:00Z remaining 3600000 policy long#1 note \"" + rule
                                    + "\"",
                            "TARGETS_SET RESOLUTION at 2025-03-03T09:00:00Z remaining 180000000000 policy long#1"
                                    + " note \"" + rule + "\"");
            assertThat(sla.deadLetters()).isEmpty();
            assertThat(sla.clock(TICKET).getTargets()).hasSize(2);
            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(
                            SlaDriver.indexKey(Instant.parse("2025-03-03T09:48:00Z"), "WARNING:FIRST_RESPONSE"),
                            SlaDriver.indexKey(Instant.parse("2025-03-03T10:00:00Z"), "BREACH:FIRST_RESPONSE"));
        }
    }
}
