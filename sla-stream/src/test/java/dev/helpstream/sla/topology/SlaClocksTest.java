package dev.helpstream.sla.topology;

import static dev.helpstream.sla.SlaPolicies.businessTarget;
import static dev.helpstream.sla.SlaPolicies.policy;
import static dev.helpstream.sla.SlaPolicies.target;
import static dev.helpstream.sla.topology.SlaDriver.BOB;
import static dev.helpstream.sla.topology.SlaDriver.ROUTING;
import static dev.helpstream.sla.topology.SlaDriver.TICKET;
import static dev.helpstream.sla.topology.SlaDriver.closed;
import static dev.helpstream.sla.topology.SlaDriver.customerMessage;
import static dev.helpstream.sla.topology.SlaDriver.machineMessage;
import static dev.helpstream.sla.topology.SlaDriver.opened;
import static dev.helpstream.sla.topology.SlaDriver.reopened;
import static dev.helpstream.sla.topology.SlaDriver.scope;
import static dev.helpstream.sla.topology.SlaDriver.staffReply;
import static dev.helpstream.sla.topology.SlaDriver.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.DayOfWeek;
import dev.helpstream.schema.config.Holiday;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.config.WorkingHours;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.NoteAdded;
import dev.helpstream.schema.event.PriorityChanged;
import dev.helpstream.schema.event.TicketDeleted;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.schema.event.TicketTransferred;
import dev.helpstream.schema.internal.SlaPause;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The SLA clocks of one ticket on the real topology: targets, business time, pauses, policy
 * re-evaluation, warnings and breaches by wall clock, met targets, next responses and reopens.
 */
class SlaClocksTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private static final String STANDARD = "policy \"Standard\" (order 10): every ticket";
    private static final String GOLD = "policy \"Gold\" (order 1): department billing, priority >= high";

    @Test
    void shouldWarnThenBreachByWallClockAndEmitNothingBefore() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            standard(sla);

            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "TARGETS_SET FIRST_RESPONSE at 2025-03-03T09:00:00Z due 2025-03-03T10:00:00Z"
                                    + " warn 2025-03-03T09:48:00Z remaining 3600000 policy std#1 note \"" + STANDARD
                                    + "; ticket opened\"",
                            "TARGETS_SET RESOLUTION at 2025-03-03T09:00:00Z due 2025-03-03T17:00:00Z"
                                    + " warn 2025-03-03T15:24:00Z remaining 28800000 policy std#1 note \"" + STANDARD
                                    + "; ticket opened\"");
            sla.advanceWallClockTo(at("09:30:00"));
            sla.advanceWallClockTo(at("09:47:59"));
            assertThat(sla.noSlaEvents()).isTrue();

            sla.advanceWallClockTo(at("09:48:00"));
            List<TestRecord<String, SlaEvent>> warning = sla.slaRecords();
            assertThat(SlaLines.of(values(warning)))
                    .containsExactly("WARNING FIRST_RESPONSE at 2025-03-03T09:48:00Z due 2025-03-03T10:00:00Z"
                            + " warn 2025-03-03T09:48:00Z remaining 720000 policy std#1");
            assertThat(warning.get(0).key()).isEqualTo(TICKET);
            assertThat(warning.get(0).timestamp()).isEqualTo(at("09:48:00").toEpochMilli());
            SlaEvent warned = warning.get(0).value();
            assertThat(warned.getEventId())
                    .isEqualTo(
                            "t-1:sla:WARNING:FIRST_RESPONSE:" + at("09:48:00").toEpochMilli());
            assertThat(warned.getDepartmentId()).isEqualTo("hosting");
            assertThat(warned.getCausationId()).isNull();

            sla.advanceWallClockTo(at("09:59:59"));
            assertThat(sla.noSlaEvents()).isTrue();
            sla.advanceWallClockTo(at("10:00:00"));
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("BREACH FIRST_RESPONSE at 2025-03-03T10:00:00Z due 2025-03-03T10:00:00Z"
                            + " warn 2025-03-03T09:48:00Z remaining 0 policy std#1");
            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(
                            SlaDriver.indexKey(at("15:24:00"), "WARNING:RESOLUTION"),
                            SlaDriver.indexKey(at("17:00:00"), "BREACH:RESOLUTION"));
        }
    }

    @Test
    void shouldCountBusinessHoursAcrossAWeekendAHolidayAndADaylightSavingChangeInParis() {
        // Friday 28 March 2025, 16:00 in Paris (CET); summer time starts on Sunday 30 March, and
        // Monday 31 March is a holiday: the clocks run 1 h on Friday, then from Tuesday 09:00 CEST.
        Instant friday = Instant.parse("2025-03-28T15:00:00Z");
        try (SlaDriver sla = new SlaDriver(friday)) {
            sla.configure(
                    ConfigEntityType.BUSINESS_CALENDAR,
                    "paris",
                    BusinessCalendar.newBuilder()
                            .setName("Paris office")
                            .setTimeZoneId("Europe/Paris")
                            .setWorkingHours(Stream.of(
                                            DayOfWeek.MONDAY,
                                            DayOfWeek.TUESDAY,
                                            DayOfWeek.WEDNESDAY,
                                            DayOfWeek.THURSDAY,
                                            DayOfWeek.FRIDAY)
                                    .map(day -> new WorkingHours(day, "09:00", "17:00"))
                                    .toList())
                            .setHolidays(List.of(Holiday.newBuilder()
                                    .setDate(LocalDate.parse("2025-03-31"))
                                    .setName("Company day")
                                    .build()))
                            .build());
            sla.policy(
                    "biz",
                    policy(
                                    "Business hours",
                                    5,
                                    businessTarget(SlaMetric.FIRST_RESPONSE, 240),
                                    businessTarget(SlaMetric.RESOLUTION, 960))
                            .setCalendarId("paris")
                            .build());

            sla.event(friday, SlaDriver.CUSTOMER, opened("hosting", "normal").build());

            String rule = "policy \"Business hours\" (order 5): every ticket; ticket opened";
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "TARGETS_SET FIRST_RESPONSE at 2025-03-28T15:00:00Z due 2025-04-01T10:00:00Z"
                                    + " warn 2025-04-01T09:12:00Z remaining 14400000 policy biz#1 note \"" + rule
                                    + "\"",
                            "TARGETS_SET RESOLUTION at 2025-03-28T15:00:00Z due 2025-04-02T14:00:00Z"
                                    + " warn 2025-04-02T10:48:00Z remaining 57600000 policy biz#1 note \"" + rule
                                    + "\"");

            sla.advanceWallClockTo(Instant.parse("2025-04-01T09:11:00Z"));
            sla.advanceWallClockTo(Instant.parse("2025-04-01T09:11:59Z"));
            assertThat(sla.noSlaEvents()).isTrue();
            sla.advanceWallClockTo(Instant.parse("2025-04-01T09:12:00Z"));
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("WARNING FIRST_RESPONSE at 2025-04-01T09:12:00Z due 2025-04-01T10:00:00Z"
                            + " warn 2025-04-01T09:12:00Z remaining 2880000 policy biz#1");
        }
    }

    @Test
    void shouldPauseWhileWaitingOnTheCustomerAndResumeWithNewDueTimesWhenTheCustomerReplies() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            standard(sla);
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();

            sla.event(
                    at("09:10:00"),
                    BOB,
                    status("open", LifecycleState.OPEN, "waiting", LifecycleState.WAITING_ON_CUSTOMER));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("PAUSED at 2025-03-03T09:10:00Z policy std#1 note \"status waiting pauses policy"
                            + " \"Standard\"\"");
            assertThat(sla.deadlineIndex()).isEmpty();
            sla.advanceWallClockTo(at("10:30:00"));
            sla.advanceWallClockTo(at("10:31:00"));
            assertThat(sla.noSlaEvents()).isTrue();

            sla.event(at("11:10:00"), SlaDriver.CUSTOMER, customerMessage());
            sla.event(
                    at("11:10:00"),
                    ROUTING,
                    status("waiting", LifecycleState.WAITING_ON_CUSTOMER, "open", LifecycleState.OPEN));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "RESUMED at 2025-03-03T11:10:00Z policy std#1 note \"status open resumes policy"
                                    + " \"Standard\"\"",
                            "TARGETS_SET FIRST_RESPONSE at 2025-03-03T11:10:00Z due 2025-03-03T12:00:00Z"
                                    + " warn 2025-03-03T11:48:00Z remaining 3000000 policy std#1 note \"" + STANDARD
                                    + "; resumed after status open\"",
                            "TARGETS_SET RESOLUTION at 2025-03-03T11:10:00Z due 2025-03-03T19:00:00Z"
                                    + " warn 2025-03-03T17:24:00Z remaining 28200000 policy std#1 note \"" + STANDARD
                                    + "; resumed after status open\"");
            assertThat(sla.clock(TICKET).getPauses()).containsExactly(new SlaPause(at("09:10:00"), at("11:10:00")));

            sla.event(at("11:30:00"), BOB, staffReply());
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("MET FIRST_RESPONSE at 2025-03-03T11:30:00Z due 2025-03-03T12:00:00Z"
                            + " warn 2025-03-03T11:48:00Z elapsed 1800000 remaining 1800000 policy std#1"
                            + " note \"first public staff reply\"");
        }
    }

    @Test
    void shouldReTimeTheTargetsUnderTheCharterATransferSelectsWithTheRuleInTheNote() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            standard(sla);
            gold(sla);
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "high").build());
            assertThat(sla.slaEvents()).extracting(SlaEvent::getPolicyId).containsExactly("std", "std");

            sla.event(
                    at("09:10:00"),
                    BOB,
                    TicketTransferred.newBuilder()
                            .setFromDepartmentId("hosting")
                            .setToDepartmentId("billing")
                            .build());

            List<SlaEvent> events = sla.slaEvents();
            assertThat(SlaLines.of(events))
                    .containsExactly(
                            "CLEARED RESOLUTION at 2025-03-03T09:10:00Z due 2025-03-03T17:00:00Z"
                                    + " warn 2025-03-03T15:24:00Z policy std#1 note \"policy \"Gold\" has no"
                                    + " RESOLUTION target; re-evaluated after transfer\"",
                            "TARGETS_SET FIRST_RESPONSE at 2025-03-03T09:10:00Z due 2025-03-03T09:30:00Z"
                                    + " warn 2025-03-03T09:24:00Z remaining 1200000 policy gold#1 note \"" + GOLD
                                    + "; re-evaluated after transfer\"");
            assertThat(events)
                    .extracting(SlaEvent::getEventId, SlaEvent::getCausationId, SlaEvent::getDepartmentId)
                    .containsExactly(
                            tuple("t-1:2:sla:CLEARED:RESOLUTION", "t-1:2", "billing"),
                            tuple("t-1:2:sla:TARGETS_SET:FIRST_RESPONSE", "t-1:2", "billing"));
            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(
                            SlaDriver.indexKey(at("09:24:00"), "WARNING:FIRST_RESPONSE"),
                            SlaDriver.indexKey(at("09:30:00"), "BREACH:FIRST_RESPONSE"));
        }
    }

    @Test
    void shouldClearTheClocksWhenNoCharterCoversTheTicketAnyMoreAndStartThemWhenOneDoes() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            gold(sla);
            sla.event(T0, SlaDriver.CUSTOMER, opened("billing", "normal").build());
            assertThat(sla.noSlaEvents()).isTrue();

            sla.event(at("09:05:00"), BOB, new PriorityChanged("normal", "high"));
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("TARGETS_SET FIRST_RESPONSE at 2025-03-03T09:05:00Z due 2025-03-03T09:30:00Z"
                            + " warn 2025-03-03T09:24:00Z remaining 1500000 policy gold#1 note \"" + GOLD
                            + "; re-evaluated after priority change\"");

            sla.event(at("09:15:00"), BOB, new PriorityChanged("high", "normal"));
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("CLEARED at 2025-03-03T09:15:00Z policy gold#1 note \"no policy applies any"
                            + " more; re-evaluated after priority change\"");
            assertThat(sla.deadlineIndex()).isEmpty();
            assertThat(sla.clock(TICKET).getPolicyId()).isNull();
        }
    }

    @Test
    void shouldMeetTheFirstResponseWithTheFirstPublicStaffReplyAndNeverWarnOrBreachIt() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            standard(sla);
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();

            sla.event(at("09:05:00"), ROUTING, outboundBy(new Actor(ActorKind.SYSTEM, "notifier", null, null)));
            sla.event(
                    at("09:10:00"),
                    BOB,
                    NoteAdded.newBuilder()
                            .setNoteId("n1")
                            .setBody(new MessageBody("checking the disk", null, null))
                            .build());
            assertThat(sla.noSlaEvents()).isTrue();

            sla.event(at("09:20:00"), BOB, staffReply());

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("MET FIRST_RESPONSE at 2025-03-03T09:20:00Z due 2025-03-03T10:00:00Z"
                            + " warn 2025-03-03T09:48:00Z elapsed 1200000 remaining 2400000 policy std#1"
                            + " note \"first public staff reply\"");
            sla.advanceWallClockTo(at("10:30:00"));
            sla.advanceWallClockTo(at("10:31:00"));
            assertThat(sla.noSlaEvents()).isTrue();
            assertThat(sla.deadlineIndex()).extracting(entry -> entry.value).containsExactly(TICKET, TICKET);
            assertThat(sla.deadlineIndex()).extracting(entry -> entry.key).allMatch(key -> key.endsWith("RESOLUTION"));
        }
    }

    @Test
    void shouldReportANegativeRemainingTimeWhenABreachedTargetIsMetLate() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            standard(sla);
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();
            sla.advanceWallClockTo(at("09:30:00"));
            sla.advanceWallClockTo(at("10:00:00"));
            assertThat(sla.slaEvents())
                    .extracting(SlaEvent::getKind)
                    .extracting(Enum::name)
                    .containsExactly("WARNING", "BREACH");

            sla.event(at("10:15:00"), BOB, staffReply());

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("MET FIRST_RESPONSE at 2025-03-03T10:15:00Z due 2025-03-03T10:00:00Z"
                            + " warn 2025-03-03T09:48:00Z elapsed 4500000 remaining -900000 late policy std#1"
                            + " note \"first public staff reply\"");
        }
    }

    @Test
    void shouldStartANextResponseClockWhenTheCustomerAnswersAStaffReplyAndMeetItWithTheNextOne() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.policy(
                    "resp",
                    policy("Responses", 1, target(SlaMetric.FIRST_RESPONSE, 60), target(SlaMetric.NEXT_RESPONSE, 30))
                            .build());
            String rule = "policy \"Responses\" (order 1): every ticket";
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();

            sla.event(at("09:05:00"), SlaDriver.CUSTOMER, customerMessage());
            assertThat(sla.noSlaEvents()).isTrue();
            sla.event(at("09:10:00"), BOB, staffReply());
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("MET FIRST_RESPONSE at 2025-03-03T09:10:00Z due 2025-03-03T10:00:00Z"
                            + " warn 2025-03-03T09:48:00Z elapsed 600000 remaining 3000000 policy resp#1"
                            + " note \"first public staff reply\"");

            sla.event(at("09:40:00"), SlaDriver.CUSTOMER, customerMessage());
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("TARGETS_SET NEXT_RESPONSE at 2025-03-03T09:40:00Z due 2025-03-03T10:10:00Z"
                            + " warn 2025-03-03T10:04:00Z remaining 1800000 policy resp#1 note \"" + rule
                            + "; customer replied\"");
            sla.event(at("09:45:00"), SlaDriver.CUSTOMER, customerMessage());
            sla.event(at("09:46:00"), SlaDriver.CUSTOMER, machineMessage());
            assertThat(sla.noSlaEvents()).isTrue();

            sla.event(at("09:55:00"), BOB, staffReply());
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("MET NEXT_RESPONSE at 2025-03-03T09:55:00Z due 2025-03-03T10:10:00Z"
                            + " warn 2025-03-03T10:04:00Z elapsed 900000 remaining 900000 policy resp#1"
                            + " note \"staff replied\"");

            sla.event(at("09:57:00"), SlaDriver.CUSTOMER, machineMessage());
            assertThat(sla.noSlaEvents()).isTrue();
            sla.event(at("10:00:00"), SlaDriver.CUSTOMER, customerMessage());
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("TARGETS_SET NEXT_RESPONSE at 2025-03-03T10:00:00Z due 2025-03-03T10:30:00Z"
                            + " warn 2025-03-03T10:24:00Z remaining 1800000 policy resp#1 note \"" + rule
                            + "; customer replied\"");
        }
    }

    @Test
    void shouldRestartTheResolutionClockFromTheReopenWhenThePolicySaysSo() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            resolutionOnly(sla, true);
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();

            sla.event(at("11:00:00"), BOB, closed("open"));
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("MET RESOLUTION at 2025-03-03T11:00:00Z due 2025-03-03T17:00:00Z"
                            + " warn 2025-03-03T15:24:00Z elapsed 7200000 remaining 21600000 policy res#1"
                            + " note \"ticket closed\"");

            sla.event(at("13:00:00"), SlaDriver.CUSTOMER, reopened());
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("TARGETS_SET RESOLUTION at 2025-03-03T13:00:00Z due 2025-03-03T21:00:00Z"
                            + " warn 2025-03-03T19:24:00Z remaining 28800000 policy res#1 note \"policy"
                            + " \"Resolution\" (order 1): every ticket; resolution restarted after reopen\"");
        }
    }

    @Test
    void shouldContinueTheResolutionClockAfterAReopenWhenThePolicyDoesNotRestartIt() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            resolutionOnly(sla, false);
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();
            sla.event(at("11:00:00"), BOB, closed("open"));
            sla.slaEvents();

            sla.event(at("13:00:00"), SlaDriver.CUSTOMER, reopened());

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("TARGETS_SET RESOLUTION at 2025-03-03T13:00:00Z due 2025-03-03T19:00:00Z"
                            + " warn 2025-03-03T17:24:00Z remaining 21600000 policy res#1 note \"policy"
                            + " \"Resolution\" (order 1): every ticket; resolution continued after reopen\"");
        }
    }

    @Test
    void shouldWarnAndBreachAContinuedResolutionThatWasReopenedIntoAPause() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            resolutionOnly(sla, false);
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            sla.event(at("11:00:00"), BOB, closed("open"));
            // Reopened straight into a pause status: the 2 h it carries are under the 6 h 24 of the warning.
            sla.event(
                    at("13:00:00"),
                    SlaDriver.CUSTOMER,
                    TicketReopened.newBuilder(reopened())
                            .setToStatusId("waiting")
                            .build());
            sla.event(
                    at("14:00:00"),
                    BOB,
                    SlaDriver.status("waiting", LifecycleState.WAITING_ON_CUSTOMER, "open", LifecycleState.OPEN));
            sla.slaEvents();

            sla.advanceWallClockTo(at("18:24:00"));
            sla.advanceWallClockTo(at("20:00:00"));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .extracting(line -> line.substring(0, line.indexOf(" due ")))
                    .containsExactly(
                            "WARNING RESOLUTION at 2025-03-03T18:24:00Z", "BREACH RESOLUTION at 2025-03-03T20:00:00Z");
        }
    }

    @Test
    void shouldMeetTheResolutionAndClearTheOtherClocksWhenTheTicketCloses() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            standard(sla);
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();

            sla.event(at("09:30:00"), BOB, closed("open"));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "MET RESOLUTION at 2025-03-03T09:30:00Z due 2025-03-03T17:00:00Z"
                                    + " warn 2025-03-03T15:24:00Z elapsed 1800000 remaining 27000000 policy std#1"
                                    + " note \"ticket closed\"",
                            "CLEARED at 2025-03-03T09:30:00Z policy std#1 note \"ticket closed; not applicable any"
                                    + " more: FIRST_RESPONSE\"");
            assertThat(sla.deadlineIndex())
                    .extracting(entry -> entry.key)
                    .containsExactly(
                            SlaDriver.indexKey(Instant.parse("2025-04-02T09:30:00Z"), "REOPEN_WINDOW_EXPIRED"));
        }
    }

    @Test
    void shouldMeetTheResolutionWhenTheStatusBecomesResolvedAndAStatusTargetWhenItsStatusIsReached() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.policy(
                    "status",
                    policy("Status", 1, target(SlaMetric.RESOLUTION, 480))
                            .setTargets(List.of(
                                    target(SlaMetric.RESOLUTION, 480),
                                    SlaTarget.newBuilder()
                                            .setMetric(SlaMetric.STATUS_REACHED)
                                            .setStatusId("resolved")
                                            .setDurationMinutes(240)
                                            .setBusinessTime(false)
                                            .build()))
                            .build());
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "TARGETS_SET RESOLUTION at 2025-03-03T09:00:00Z due 2025-03-03T17:00:00Z"
                                    + " warn 2025-03-03T15:24:00Z remaining 28800000 policy status#1 note \"policy"
                                    + " \"Status\" (order 1): every ticket; ticket opened\"",
                            "TARGETS_SET STATUS_REACHED:resolved at 2025-03-03T09:00:00Z due 2025-03-03T13:00:00Z"
                                    + " warn 2025-03-03T12:12:00Z remaining 14400000 policy status#1 note \"policy"
                                    + " \"Status\" (order 1): every ticket; ticket opened\"");

            sla.event(at("12:00:00"), BOB, status("open", LifecycleState.OPEN, "resolved", LifecycleState.RESOLVED));

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "MET STATUS_REACHED:resolved at 2025-03-03T12:00:00Z due 2025-03-03T13:00:00Z"
                                    + " warn 2025-03-03T12:12:00Z elapsed 10800000 remaining 3600000 policy status#1"
                                    + " note \"status resolved reached\"",
                            "MET RESOLUTION at 2025-03-03T12:00:00Z due 2025-03-03T17:00:00Z"
                                    + " warn 2025-03-03T15:24:00Z elapsed 10800000 remaining 18000000 policy status#1"
                                    + " note \"ticket resolved\"");
            assertThat(sla.deadlineIndex()).isEmpty();
        }
    }

    @Test
    void shouldStopEveryClockOfADeletedTicket() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            standard(sla);
            sla.event(T0, SlaDriver.CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();

            sla.event(at("09:30:00"), BOB, new TicketDeleted("duplicate", true));
            sla.event(at("09:40:00"), BOB, staffReply());

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly("CLEARED at 2025-03-03T09:30:00Z policy std#1 note \"ticket deleted\"");
            assertThat(sla.deadlineIndex()).isEmpty();
            assertThat(sla.clock(TICKET)).isNull();
        }
    }

    private static Instant at(String time) {
        return Instant.parse("2025-03-03T" + time + "Z");
    }

    private static List<SlaEvent> values(List<TestRecord<String, SlaEvent>> records) {
        return records.stream().map(TestRecord::value).toList();
    }

    private static MessageAdded outboundBy(Actor author) {
        return MessageAdded.newBuilder()
                .setMessageId("auto-1")
                .setAuthor(author)
                .setFrom(new Contact("support@acme.example", null, null))
                .setDirection(MessageDirection.OUTBOUND)
                .setChannel(Channel.EMAIL)
                .setBody(new MessageBody("We received your request.", null, null))
                .build();
    }

    private static void standard(SlaDriver sla) {
        sla.policy(
                "std",
                policy("Standard", 10, target(SlaMetric.FIRST_RESPONSE, 60), target(SlaMetric.RESOLUTION, 480))
                        .build());
    }

    private static void gold(SlaDriver sla) {
        sla.policy(
                "gold",
                policy("Gold", 1, target(SlaMetric.FIRST_RESPONSE, 30))
                        .setScope(scope(List.of("billing"), "high"))
                        .build());
    }

    private static void resolutionOnly(SlaDriver sla, boolean reopenRestartsResolution) {
        sla.policy(
                "res",
                policy("Resolution", 1, target(SlaMetric.RESOLUTION, 480))
                        .setReopenRestartsResolution(reopenRestartsResolution)
                        .build());
    }
}
