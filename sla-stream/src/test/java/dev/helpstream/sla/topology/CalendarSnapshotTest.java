package dev.helpstream.sla.topology;

import static dev.helpstream.sla.SlaPolicies.businessTarget;
import static dev.helpstream.sla.SlaPolicies.policy;
import static dev.helpstream.sla.topology.SlaDriver.BOB;
import static dev.helpstream.sla.topology.SlaDriver.CUSTOMER;
import static dev.helpstream.sla.topology.SlaDriver.TICKET;
import static dev.helpstream.sla.topology.SlaDriver.officeHours;
import static dev.helpstream.sla.topology.SlaDriver.opened;
import static dev.helpstream.sla.topology.SlaDriver.staffReply;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.Holiday;
import dev.helpstream.schema.event.PriorityChanged;
import dev.helpstream.sla.clock.SlaClockEngine;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The business calendar is snapshotted with the policy: an admin's change to it (a holiday added,
 * the calendar deleted) applies at the ticket's next re-evaluation, and until then due times and
 * elapsed and remaining time count on the same calendar.
 *
 * <p>The ticket opens on Friday 7 March 2025 at 16:00 in Paris (15:00 UTC) under a first response
 * of 240 business minutes, Monday to Friday 09:00–17:00: one hour on Friday, three on Monday, due
 * Monday 10 March at 12:00 in Paris (11:00 UTC).
 */
class CalendarSnapshotTest {

    private static final Instant FRIDAY = Instant.parse("2025-03-07T15:00:00Z");
    private static final String RULE = "policy \"Business\" (order 5): every ticket";

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger engineLog = (Logger) LoggerFactory.getLogger(SlaClockEngine.class);

    @BeforeEach
    void captureTheEngineLog() {
        logged.start();
        engineLog.addAppender(logged);
    }

    @AfterEach
    void releaseTheEngineLog() {
        engineLog.detachAppender(logged);
    }

    @Test
    void shouldKeepCountingOnTheSnapshottedCalendarWhenAHolidayIsAddedAfterTheTicketOpened() {
        try (SlaDriver sla = openedOnFridayAfternoon()) {
            sla.advanceWallClockTo(Instant.parse("2025-03-08T10:00:00Z"));
            sla.calendar("paris", paris().setHolidays(List.of(bridgeDay())).build());
            sla.advanceWallClockTo(Instant.parse("2025-03-10T10:12:00Z"));
            sla.advanceWallClockTo(Instant.parse("2025-03-10T11:00:00Z"));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "WARNING FIRST_RESPONSE at 2025-03-10T10:12:00Z due 2025-03-10T11:00:00Z"
                                    + " warn 2025-03-10T10:12:00Z remaining 2880000 policy biz#1",
                            "BREACH FIRST_RESPONSE at 2025-03-10T11:00:00Z due 2025-03-10T11:00:00Z"
                                    + " warn 2025-03-10T10:12:00Z remaining 0 policy biz#1");
        }
    }

    @Test
    void shouldTakeTheChangedCalendarAtTheNextReEvaluationAndReTimeTheTargetOnIt() {
        try (SlaDriver sla = openedOnFridayAfternoon()) {
            sla.calendar("paris", paris().setHolidays(List.of(bridgeDay())).build());

            sla.event(Instant.parse("2025-03-08T10:00:00Z"), BOB, new PriorityChanged("normal", "high"));

            // Monday is a holiday now: three business hours on Tuesday, due 12:00 in Paris.
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("TARGETS_SET FIRST_RESPONSE at 2025-03-08T10:00:00Z due 2025-03-11T11:00:00Z"
                            + " warn 2025-03-11T10:12:00Z remaining 10800000 policy biz#1 note \"" + RULE
                            + "; re-evaluated after priority change\"");
            assertThat(sla.clock(TICKET).getCalendar().getHolidays()).containsExactly(bridgeDay());
        }
    }

    @Test
    void shouldMeetATargetInTimeOnTheSnapshottedCalendarAfterTheCalendarWasDeleted() {
        try (SlaDriver sla = openedOnFridayAfternoon()) {
            sla.deleteConfig(ConfigEntityType.BUSINESS_CALENDAR, "paris");

            sla.event(Instant.parse("2025-03-10T08:30:00Z"), BOB, staffReply());

            // Monday 09:30 in Paris: one hour on Friday and half an hour on Monday.
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("MET FIRST_RESPONSE at 2025-03-10T08:30:00Z due 2025-03-10T11:00:00Z"
                            + " warn 2025-03-10T10:12:00Z elapsed 5400000 remaining 9000000 policy biz#1"
                            + " note \"first public staff reply\"");
            assertThat(logged.list).isEmpty();
        }
    }

    @Test
    void shouldCountAPolicyWhoseCalendarIsMissing24x7AndWarnOnceForIt() {
        try (SlaDriver sla = new SlaDriver(FRIDAY)) {
            businessPolicy(sla);

            sla.event(FRIDAY, CUSTOMER, opened("hosting", "normal").build());
            sla.event(FRIDAY.plusSeconds(60), BOB, new PriorityChanged("normal", "high"));
            sla.event(
                    "t-2",
                    FRIDAY.plusSeconds(120),
                    CUSTOMER,
                    opened("hosting", "normal").build());

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "TARGETS_SET FIRST_RESPONSE at 2025-03-07T15:00:00Z due 2025-03-07T19:00:00Z"
                                    + " warn 2025-03-07T18:12:00Z remaining 14400000 policy biz#1 note \"" + RULE
                                    + "; ticket opened\"",
                            "TARGETS_SET FIRST_RESPONSE at 2025-03-07T15:02:00Z due 2025-03-07T19:02:00Z"
                                    + " warn 2025-03-07T18:14:00Z remaining 14400000 policy biz#1 note \"" + RULE
                                    + "; ticket opened\"");
            assertThat(logged.list)
                    .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            Level.WARN,
                            "Business calendar paris of an SLA policy is not configured: its business-time targets"
                                    + " count 24x7 until the policy is re-applied with a valid calendar"));
        }
    }

    private static SlaDriver openedOnFridayAfternoon() {
        SlaDriver sla = new SlaDriver(FRIDAY);
        sla.calendar("paris", paris().build());
        businessPolicy(sla);
        sla.event(FRIDAY, CUSTOMER, opened("hosting", "normal").build());
        assertThat(SlaLines.of(sla.slaEvents()))
                .containsExactly("TARGETS_SET FIRST_RESPONSE at 2025-03-07T15:00:00Z due 2025-03-10T11:00:00Z"
                        + " warn 2025-03-10T10:12:00Z remaining 14400000 policy biz#1 note \"" + RULE
                        + "; ticket opened\"");
        sla.advanceWallClockTo(FRIDAY.plusSeconds(1));
        return sla;
    }

    private static void businessPolicy(SlaDriver sla) {
        sla.policy(
                "biz",
                policy("Business", 5, businessTarget(SlaMetric.FIRST_RESPONSE, 240))
                        .setCalendarId("paris")
                        .build());
    }

    private static BusinessCalendar.Builder paris() {
        return officeHours("Paris office", "Europe/Paris");
    }

    private static Holiday bridgeDay() {
        return Holiday.newBuilder()
                .setDate(LocalDate.parse("2025-03-10"))
                .setName("Bridge day")
                .build();
    }
}
