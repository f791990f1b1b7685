package dev.helpstream.sla.topology;

import static dev.helpstream.sla.SlaPolicies.policy;
import static dev.helpstream.sla.SlaPolicies.target;
import static dev.helpstream.sla.topology.SlaDriver.BOB;
import static dev.helpstream.sla.topology.SlaDriver.CUSTOMER;
import static dev.helpstream.sla.topology.SlaDriver.opened;
import static dev.helpstream.sla.topology.SlaDriver.scope;
import static dev.helpstream.sla.topology.SlaDriver.staffReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.event.TicketTransferred;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A running target re-timed by a policy change (a transfer here): it keeps what it was told, so one
 * target warns once, breaches once and counts once.
 */
class ReTimingTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private static final String SLOW = "policy \"Slow\" (order 2): department billing";
    private static final String FAST_WARNING = "WARNING FIRST_RESPONSE at 2025-03-03T09:48:00Z due 2025-03-03T10:00:00Z"
            + " warn 2025-03-03T09:48:00Z remaining 720000 policy fast#1";
    private static final String FAST_BREACH = "BREACH FIRST_RESPONSE at 2025-03-03T10:00:00Z due 2025-03-03T10:00:00Z"
            + " warn 2025-03-03T09:48:00Z remaining 0 policy fast#1";
    private static final String RETIMED = "TARGETS_SET FIRST_RESPONSE at 2025-03-03T10:30:00Z due 2025-03-03T13:00:00Z"
            + " warn 2025-03-03T12:12:00Z remaining 9000000 policy slow#1 note \"" + SLOW
            + "; re-evaluated after transfer\"";

    @Test
    void shouldNotWarnOrBreachABreachedTargetAgainAfterATransferToALenientPolicy() {
        try (SlaDriver sla = breachedThenTransferred()) {
            sla.advanceWallClockTo(Instant.parse("2025-03-03T12:12:00Z"));
            sla.advanceWallClockTo(Instant.parse("2025-03-03T13:00:00Z"));
            sla.advanceWallClockTo(Instant.parse("2025-03-03T18:00:00Z"));

            assertThat(SlaLines.of(sla.slaEvents())).containsExactly(FAST_WARNING, FAST_BREACH, RETIMED);
            assertThat(sla.deadlineIndex()).isEmpty();
            assertThat(sla.reportDays())
                    .containsOnlyKeys("hosting|2025-03-03")
                    .extractingByKey("hosting|2025-03-03")
                    .extracting(ReportDay::getSlaMet, ReportDay::getSlaBreached)
                    .containsExactly(0L, 1L);
        }
    }

    @Test
    void shouldMeetABreachedTargetLateWhateverTimeTheLenientPolicyLeftIt() {
        try (SlaDriver sla = breachedThenTransferred()) {
            sla.advanceWallClockTo(Instant.parse("2025-03-03T10:45:00Z"));
            sla.event(Instant.parse("2025-03-03T11:00:00Z"), BOB, staffReply());
            sla.advanceWallClockTo(Instant.parse("2025-03-03T13:00:00Z"));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            FAST_WARNING,
                            FAST_BREACH,
                            RETIMED,
                            "MET FIRST_RESPONSE at 2025-03-03T11:00:00Z due 2025-03-03T13:00:00Z"
                                    + " warn 2025-03-03T12:12:00Z elapsed 7200000 remaining 7200000 late"
                                    + " policy slow#1 note \"first public staff reply\"");
            Map<String, ReportDay> days = sla.reportDays();
            assertThat(days).containsOnlyKeys("billing|2025-03-03", "hosting|2025-03-03");
            assertThat(days.get("hosting|2025-03-03"))
                    .extracting(ReportDay::getSlaMet, ReportDay::getSlaBreached)
                    .containsExactly(0L, 1L);
            assertThat(days.get("billing|2025-03-03"))
                    .extracting(ReportDay::getSlaMet, ReportDay::getSlaBreached)
                    .containsExactly(0L, 0L);
        }
    }

    /** Fast (hosting, 60 min) breaches at 10:00; at 10:30 a transfer puts the ticket under Slow (billing, 240 min). */
    private static SlaDriver breachedThenTransferred() {
        SlaDriver sla = new SlaDriver(T0);
        sla.policy(
                "fast",
                policy("Fast", 1, target(SlaMetric.FIRST_RESPONSE, 60))
                        .setScope(scope(List.of("hosting"), null))
                        .build());
        sla.policy(
                "slow",
                policy("Slow", 2, target(SlaMetric.FIRST_RESPONSE, 240))
                        .setScope(scope(List.of("billing"), null))
                        .build());
        sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
        sla.slaEvents();
        sla.advanceWallClockTo(Instant.parse("2025-03-03T09:00:01Z"));
        sla.advanceWallClockTo(Instant.parse("2025-03-03T10:00:00Z"));
        sla.event(
                Instant.parse("2025-03-03T10:30:00Z"),
                BOB,
                TicketTransferred.newBuilder()
                        .setFromDepartmentId("hosting")
                        .setToDepartmentId("billing")
                        .build());
        return sla;
    }
}
