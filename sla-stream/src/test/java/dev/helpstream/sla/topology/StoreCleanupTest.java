package dev.helpstream.sla.topology;

import static dev.helpstream.sla.SlaPolicies.businessTarget;
import static dev.helpstream.sla.SlaPolicies.policy;
import static dev.helpstream.sla.SlaPolicies.target;
import static dev.helpstream.sla.topology.SlaDriver.BOB;
import static dev.helpstream.sla.topology.SlaDriver.CUSTOMER;
import static dev.helpstream.sla.topology.SlaDriver.TICKET;
import static dev.helpstream.sla.topology.SlaDriver.closed;
import static dev.helpstream.sla.topology.SlaDriver.officeHours;
import static dev.helpstream.sla.topology.SlaDriver.opened;
import static dev.helpstream.sla.topology.SlaDriver.reopened;
import static dev.helpstream.sla.topology.SlaDriver.staffReply;
import static dev.helpstream.sla.topology.SlaDriver.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketMerged;
import dev.helpstream.schema.internal.SlaClockState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code clock-store} shrinks: a merged or deleted ticket leaves nothing behind, a closed one keeps
 * only what its reopen, reopen window and auto-close need, and a reopen selects its policy again.
 */
class StoreCleanupTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");

    @Test
    void shouldDeleteAMergedTicketsClocksAndDeadlinesAndIgnoreItsLaterEvents() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 30);
            standard(sla);
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();
            assertThat(sla.deadlineIndex()).hasSize(4);

            sla.event(at("09:30:00"), BOB, new TicketMerged("t-9", 10239L));
            sla.event(
                    at("09:30:00"),
                    BOB,
                    TicketClosed.newBuilder()
                            .setReason(CloseReason.MERGED)
                            .setFromStatusId("open")
                            .setToStatusId("closed")
                            .build());
            sla.event(at("09:40:00"), BOB, staffReply());
            sla.advanceWallClockTo(at("10:00:00"));
            sla.advanceWallClockTo(at("18:00:00"));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("CLEARED at 2025-03-03T09:30:00Z policy std#1 note \"ticket merged into #10239\"");
            assertThat(sla.clock(TICKET)).isNull();
            assertThat(sla.deadlineIndex()).isEmpty();
        }
    }

    @Test
    void shouldKeepOnlyWhatTheReopenTheReopenWindowAndTheAutoCloseNeedOfAClosedTicket() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 30);
            sla.calendar("paris", officeHours("Paris office", "Europe/Paris").build());
            sla.policy(
                    "biz",
                    policy(
                                    "Business",
                                    5,
                                    businessTarget(SlaMetric.FIRST_RESPONSE, 60),
                                    businessTarget(SlaMetric.RESOLUTION, 480))
                            .setCalendarId("paris")
                            .build());
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.event(
                    at("09:10:00"),
                    BOB,
                    status("open", LifecycleState.OPEN, "waiting", LifecycleState.WAITING_ON_CUSTOMER));
            sla.event(
                    at("09:20:00"),
                    CUSTOMER,
                    status("waiting", LifecycleState.WAITING_ON_CUSTOMER, "open", LifecycleState.OPEN));
            assertThat(sla.clock(TICKET).getPauses()).hasSize(1);

            sla.event(at("10:00:00"), BOB, closed("open"));

            SlaClockState closed = sla.clock(TICKET);
            assertThat(closed.getPolicy()).isNull();
            assertThat(closed.getCalendar()).isNull();
            assertThat(closed.getPauses()).isEmpty();
            assertThat(closed.getTargets()).isEmpty();
            assertThat(closed.getPolicyId()).isEqualTo("biz");
            assertThat(closed.getPolicyRevision()).isEqualTo(1L);
            assertThat(closed.getClosedAt()).isEqualTo(at("10:00:00"));
            assertThat(closed.getResolvedElapsedMillis()).isEqualTo(3_000_000L);
            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(
                            SlaDriver.indexKey(Instant.parse("2025-04-02T10:00:00Z"), "REOPEN_WINDOW_EXPIRED"));
            sla.slaEvents();

            sla.event(at("11:00:00"), CUSTOMER, reopened());

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("TARGETS_SET RESOLUTION at 2025-03-03T11:00:00Z due 2025-03-04T11:00:00Z"
                            + " warn 2025-03-04T09:24:00Z remaining 28800000 policy biz#1 note \"policy"
                            + " \"Business\" (order 5): every ticket; resolution restarted after reopen\"");
            assertThat(sla.clock(TICKET).getCalendar()).isNotNull();
            assertThat(sla.clock(TICKET).getPolicy().getName()).isEqualTo("Business");
        }
    }

    @Test
    void shouldApplyThePolicyAsEditedWhileTheTicketWasClosedAtItsReopen() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.policy(
                    "res",
                    policy("Resolution", 1, target(SlaMetric.RESOLUTION, 480)).build());
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.event(at("11:00:00"), BOB, closed("open"));
            sla.policy(
                    "res",
                    policy("Resolution", 1, target(SlaMetric.RESOLUTION, 480))
                            .setReopenRestartsResolution(false)
                            .build());
            sla.slaEvents();

            sla.event(at("13:00:00"), CUSTOMER, reopened());

            // The edit's rule applies: the two hours counted before the close carry on.
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("TARGETS_SET RESOLUTION at 2025-03-03T13:00:00Z due 2025-03-03T19:00:00Z"
                            + " warn 2025-03-03T17:24:00Z remaining 21600000 policy res#2 note \"policy"
                            + " \"Resolution\" (order 1): every ticket; re-evaluated after reopen\"");
        }
    }

    private static void standard(SlaDriver sla) {
        sla.policy(
                "std",
                policy("Standard", 10, target(SlaMetric.FIRST_RESPONSE, 60), target(SlaMetric.RESOLUTION, 480))
                        .build());
    }

    private static Instant at(String time) {
        return Instant.parse("2025-03-03T" + time + "Z");
    }
}
