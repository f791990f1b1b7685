package dev.helpstream.sla.topology;

import static dev.helpstream.sla.topology.SlaDriver.BOB;
import static dev.helpstream.sla.topology.SlaDriver.CUSTOMER;
import static dev.helpstream.sla.topology.SlaDriver.TICKET;
import static dev.helpstream.sla.topology.SlaDriver.closed;
import static dev.helpstream.sla.topology.SlaDriver.opened;
import static dev.helpstream.sla.topology.SlaDriver.staffReply;
import static dev.helpstream.sla.topology.SlaDriver.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.event.NoteAdded;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The inactivity auto-close and reopen-window timers: armed from the helpdesk settings when a
 * ticket event arrives, re-armed by every later event, fired by the wall clock with the deadline as
 * record time.
 */
class InactivityTimersTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private static final Instant WAITING_SINCE = Instant.parse("2025-03-03T09:10:00Z");

    @Test
    void shouldAskToAutoCloseATicketWaitingOnTheCustomerAfterSevenIdleDays() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 30);
            waitingOnCustomer(sla);
            Instant due = Instant.parse("2025-03-10T09:10:00Z");
            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(SlaDriver.indexKey(due, "AUTO_CLOSE_DUE"));

            sla.advanceWallClockTo(Instant.parse("2025-03-10T09:00:00Z"));
            sla.advanceWallClockTo(Instant.parse("2025-03-10T09:09:59Z"));
            assertThat(sla.noSlaEvents()).isTrue();
            sla.advanceWallClockTo(due);

            List<TestRecord<String, SlaEvent>> records = sla.slaRecords();
            assertThat(SlaLines.of(records.stream().map(TestRecord::value).toList()))
                    .containsExactly("AUTO_CLOSE_DUE at 2025-03-10T09:10:00Z note \"no activity for 7 days while"
                            + " waiting on the customer\"");
            SlaEvent autoClose = records.get(0).value();
            assertThat(records.get(0).timestamp()).isEqualTo(due.toEpochMilli());
            assertThat(autoClose.getEventId()).isEqualTo("t-1:sla:AUTO_CLOSE_DUE:" + due.toEpochMilli());
            assertThat(autoClose.getMetric()).isNull();
            assertThat(autoClose.getPolicyId()).isNull();
            assertThat(autoClose.getCausationId()).isNull();
            assertThat(sla.deadlineIndex()).isEmpty();

            sla.advanceWallClockTo(due.plus(Duration.ofDays(7)));
            assertThat(sla.noSlaEvents()).isTrue();
        }
    }

    @Test
    void shouldReArmTheAutoCloseOnEveryTicketEvent() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 30);
            waitingOnCustomer(sla);

            sla.event(
                    Instant.parse("2025-03-06T09:00:00Z"),
                    BOB,
                    NoteAdded.newBuilder()
                            .setNoteId("n1")
                            .setBody(new MessageBody("Reminder sent by phone", null, null))
                            .build());

            sla.advanceWallClockTo(Instant.parse("2025-03-10T09:10:00Z"));
            sla.advanceWallClockTo(Instant.parse("2025-03-10T09:11:00Z"));
            assertThat(sla.noSlaEvents()).isTrue();
            sla.advanceWallClockTo(Instant.parse("2025-03-13T09:00:00Z"));
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("AUTO_CLOSE_DUE at 2025-03-13T09:00:00Z note \"no activity for 7 days while"
                            + " waiting on the customer\"");
        }
    }

    @Test
    void shouldNeverAskToAutoCloseWhenTheSettingIsZero() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(0, 30);
            waitingOnCustomer(sla);

            assertThat(sla.deadlineIndex()).isEmpty();
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(30)));
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(60)));
            assertThat(sla.noSlaEvents()).isTrue();
        }
    }

    @Test
    void shouldNotAskToAutoCloseATicketThatIsNotWaitingOnTheCustomer() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 30);
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.event(WAITING_SINCE, BOB, staffReply());

            assertThat(sla.deadlineIndex()).isEmpty();
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(8)));
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(9)));
            assertThat(sla.noSlaEvents()).isTrue();
        }
    }

    @Test
    void shouldExpireTheReopenWindowSevenDaysAfterTheCloseAndCancelTheAutoClose() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 7);
            waitingOnCustomer(sla);
            Instant closedAt = Instant.parse("2025-03-03T10:00:00Z");

            sla.event(closedAt, BOB, closed("waiting"));

            Instant expiry = Instant.parse("2025-03-10T10:00:00Z");
            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(SlaDriver.indexKey(expiry, "REOPEN_WINDOW_EXPIRED"));
            sla.advanceWallClockTo(Instant.parse("2025-03-10T09:00:00Z"));
            sla.advanceWallClockTo(Instant.parse("2025-03-10T09:59:59Z"));
            assertThat(sla.noSlaEvents()).isTrue();
            sla.advanceWallClockTo(expiry);
            List<SlaEvent> events = sla.slaEvents();
            assertThat(SlaLines.of(events))
                    .containsExactly(
                            "REOPEN_WINDOW_EXPIRED at 2025-03-10T10:00:00Z note \"reopen window of 7 days expired\"");
            assertThat(events.get(0).getEventId()).isEqualTo("t-1:sla:REOPEN_WINDOW_EXPIRED:" + expiry.toEpochMilli());
            assertThat(sla.deadlineIndex()).isEmpty();
        }
    }

    @Test
    void shouldHaveNoReopenWindowToExpireWhenTicketsAreNeverReopenable() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(0, 0);
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.event(Instant.parse("2025-03-03T10:00:00Z"), BOB, closed("open"));

            assertThat(sla.deadlineIndex()).isEmpty();
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(400)));
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(401)));
            assertThat(sla.noSlaEvents()).isTrue();
        }
    }

    @Test
    void shouldHaveNoReopenWindowToExpireWhenTicketsAreAlwaysReopenable() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(0, -1);
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.event(Instant.parse("2025-03-03T10:00:00Z"), BOB, closed("open"));

            assertThat(sla.deadlineIndex()).isEmpty();
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(400)));
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(401)));
            assertThat(sla.noSlaEvents()).isTrue();
            assertThat(sla.clock(TICKET).getClosedAt()).isEqualTo(Instant.parse("2025-03-03T10:00:00Z"));
        }
    }

    @Test
    void shouldMoveTheAutoCloseToTheNewDayWhenTheAdminRaisesSevenToFourteenDays() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 30);
            waitingOnCustomer(sla);
            sla.advanceWallClockTo(Instant.parse("2025-03-04T09:00:00Z"));

            sla.settings(14, 30);
            sla.advanceWallClockTo(Instant.parse("2025-03-04T09:00:01Z"));

            Instant due = Instant.parse("2025-03-17T09:10:00Z");
            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(SlaDriver.indexKey(due, "AUTO_CLOSE_DUE"));
            sla.advanceWallClockTo(Instant.parse("2025-03-10T09:10:00Z"));
            sla.advanceWallClockTo(Instant.parse("2025-03-17T09:09:59Z"));
            assertThat(sla.noSlaEvents()).isTrue();
            sla.advanceWallClockTo(due);
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("AUTO_CLOSE_DUE at 2025-03-17T09:10:00Z note \"no activity for 14 days while"
                            + " waiting on the customer\"");
        }
    }

    @Test
    void shouldArmTheTicketsAlreadyWaitingWhenTheAdminTurnsTheAutoCloseOnWithSevenDays() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(0, 30);
            waitingOnCustomer(sla);
            sla.advanceWallClockTo(Instant.parse("2025-03-04T09:00:00Z"));
            assertThat(sla.deadlineIndex()).isEmpty();

            sla.settings(7, 30);
            sla.advanceWallClockTo(Instant.parse("2025-03-04T09:00:01Z"));
            sla.advanceWallClockTo(Instant.parse("2025-03-10T09:10:00Z"));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("AUTO_CLOSE_DUE at 2025-03-10T09:10:00Z note \"no activity for 7 days while"
                            + " waiting on the customer\"");
            assertThat(sla.deadlineIndex()).isEmpty();
        }
    }

    @Test
    void shouldAskToAutoCloseAtOnceWhenTheAdminLowersFourteenToSevenDaysAfterTheSeventhDay() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(14, 30);
            waitingOnCustomer(sla);
            sla.advanceWallClockTo(Instant.parse("2025-03-04T09:00:00Z"));

            sla.settings(7, 30);
            sla.advanceWallClockTo(Instant.parse("2025-03-12T09:00:00Z"));

            // As a replay under 7 days writes it: due on the seventh day, the record time routing judges.
            List<TestRecord<String, SlaEvent>> records = sla.slaRecords();
            assertThat(SlaLines.of(records.stream().map(TestRecord::value).toList()))
                    .containsExactly("AUTO_CLOSE_DUE at 2025-03-10T09:10:00Z note \"no activity for 7 days while"
                            + " waiting on the customer\"");
            assertThat(records.get(0).timestamp())
                    .isEqualTo(Instant.parse("2025-03-10T09:10:00Z").toEpochMilli());
            assertThat(sla.deadlineIndex()).isEmpty();
        }
    }

    @Test
    void shouldDisarmEveryWaitingTicketWhenTheAdminTurnsTheAutoCloseOff() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 30);
            waitingOnCustomer(sla);
            sla.advanceWallClockTo(Instant.parse("2025-03-04T09:00:00Z"));

            sla.settings(0, 30);
            sla.advanceWallClockTo(Instant.parse("2025-03-04T09:00:01Z"));

            assertThat(sla.deadlineIndex()).isEmpty();
            sla.advanceWallClockTo(Instant.parse("2025-03-10T09:10:00Z"));
            sla.advanceWallClockTo(Instant.parse("2025-04-10T09:10:00Z"));
            assertThat(sla.noSlaEvents()).isTrue();
        }
    }

    @Test
    void shouldJudgeAnAutoCloseFiredByEventTimeUnderTheSettingsOfThatTime() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 30);
            waitingOnCustomer(sla);
            sla.settings(14, 30);

            // No wall-clock tick saw the change: another ticket's event fires the deadline first.
            sla.event(
                    "t-2",
                    Instant.parse("2025-03-11T09:00:00Z"),
                    CUSTOMER,
                    opened("hosting", "normal").build());
            assertThat(sla.noSlaEvents()).isTrue();
            assertThat(sla.clock(TICKET).getAutoCloseAt()).isEqualTo(Instant.parse("2025-03-17T09:10:00Z"));

            sla.settings(0, 30);
            sla.event("t-2", Instant.parse("2025-03-18T09:00:00Z"), BOB, staffReply());
            assertThat(sla.noSlaEvents()).isTrue();
            assertThat(sla.clock(TICKET).getAutoCloseAt()).isNull();
            assertThat(sla.deadlineIndex()).isEmpty();
        }
    }

    @Test
    void shouldMoveAPendingReopenWindowWithTheSettingAndNeverAnnounceOneThatWasOverBeforeTheChange() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(0, -1);
            sla.event(
                    "t-old",
                    Instant.parse("2025-02-01T09:00:00Z"),
                    CUSTOMER,
                    opened("hosting", "normal").build());
            sla.event("t-old", Instant.parse("2025-02-01T10:00:00Z"), BOB, closed("open"));
            sla.settings(0, 7);
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.event(Instant.parse("2025-03-03T10:00:00Z"), BOB, closed("open"));
            sla.advanceWallClockTo(Instant.parse("2025-03-05T09:00:00Z"));

            sla.settings(0, 14);
            sla.advanceWallClockTo(Instant.parse("2025-03-05T09:00:01Z"));

            Instant expiry = Instant.parse("2025-03-17T10:00:00Z");
            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(SlaDriver.indexKey(expiry, "REOPEN_WINDOW_EXPIRED"));
            sla.advanceWallClockTo(Instant.parse("2025-03-10T10:00:00Z"));
            assertThat(sla.noSlaEvents()).isTrue();
            sla.advanceWallClockTo(expiry);
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "REOPEN_WINDOW_EXPIRED at 2025-03-17T10:00:00Z note \"reopen window of 14 days expired\"");

            sla.settings(0, 0);
            sla.advanceWallClockTo(expiry.plusSeconds(1));
            assertThat(sla.deadlineIndex()).isEmpty();
            assertThat(sla.noSlaEvents()).isTrue();
        }
    }

    /** Opened at T0, answered by staff and set to waiting on the customer at 09:10. */
    private static void waitingOnCustomer(SlaDriver sla) {
        sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
        sla.event(WAITING_SINCE, BOB, staffReply());
        sla.event(
                WAITING_SINCE, BOB, status("open", LifecycleState.OPEN, "waiting", LifecycleState.WAITING_ON_CUSTOMER));
    }
}
