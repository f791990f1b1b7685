package dev.helpstream.sla.topology;

import static dev.helpstream.sla.SlaPolicies.policy;
import static dev.helpstream.sla.SlaPolicies.target;
import static dev.helpstream.sla.topology.SlaDriver.BOB;
import static dev.helpstream.sla.topology.SlaDriver.CUSTOMER;
import static dev.helpstream.sla.topology.SlaDriver.opened;
import static dev.helpstream.sla.topology.SlaDriver.staffReply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Ticket events recorded before a deadline but processed after the wall clock passed it (routing's
 * commit, a poll, a burst), and events at the due millisecond: a target gets one outcome, the
 * reports count it once, and within the grace a replay writes what the live run wrote.
 */
class DeadlineGraceTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final String WARNING = "WARNING FIRST_RESPONSE at 2025-03-03T09:48:00Z due 2025-03-03T10:00:00Z"
            + " warn 2025-03-03T09:48:00Z remaining 720000 policy std#1";

    @Test
    void shouldMeetATargetInTimeWithAReplyRecordedBeforeItsDueTimeThatArrivesWithinTheGrace() {
        List<TestRecord<String, TicketEvent>> input;
        List<TestRecord<String, SlaEvent>> live;
        try (SlaDriver sla = new SlaDriver(T0, GRACE)) {
            firstResponseInAnHour(sla);
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.advanceWallClockTo(at("09:00:01"));
            sla.advanceWallClockTo(at("10:00:01"));
            // Recorded at 09:59:58, processed at 10:00:01, within the grace.
            sla.event(at("09:59:58"), BOB, staffReply());
            sla.advanceWallClockTo(at("10:00:10"));
            sla.advanceWallClockTo(at("11:00:00"));

            live = sla.slaRecords();
            assertThat(SlaLines.of(live.stream().map(TestRecord::value).toList()))
                    .containsExactly(
                            "TARGETS_SET FIRST_RESPONSE at 2025-03-03T09:00:00Z due 2025-03-03T10:00:00Z"
                                    + " warn 2025-03-03T09:48:00Z remaining 3600000 policy std#1 note \"policy"
                                    + " \"Standard\" (order 10): every ticket; ticket opened\"",
                            WARNING,
                            "MET FIRST_RESPONSE at 2025-03-03T09:59:58Z due 2025-03-03T10:00:00Z"
                                    + " warn 2025-03-03T09:48:00Z elapsed 3598000 remaining 2000 policy std#1"
                                    + " note \"first public staff reply\"");
            assertThat(sla.reportDays().get("hosting|2025-03-03"))
                    .extracting(ReportDay::getSlaMet, ReportDay::getSlaBreached)
                    .containsExactly(1L, 0L);
            input = sla.piped();
        }
        try (SlaDriver replay = new SlaDriver(T0, GRACE)) {
            firstResponseInAnHour(replay);
            input.forEach(replay::pipe);

            assertThat(replay.slaRecords()).isEqualTo(live);
        }
    }

    @Test
    void shouldMeetATargetInTimeWithAReplyAtItsDueMillisecond() {
        try (SlaDriver sla = new SlaDriver(T0, GRACE)) {
            firstResponseInAnHour(sla);
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();

            sla.event(at("10:00:00"), BOB, staffReply());

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            WARNING,
                            "MET FIRST_RESPONSE at 2025-03-03T10:00:00Z due 2025-03-03T10:00:00Z"
                                    + " warn 2025-03-03T09:48:00Z elapsed 3600000 remaining 0 policy std#1"
                                    + " note \"first public staff reply\"");
            assertThat(sla.reportDays().get("hosting|2025-03-03"))
                    .extracting(ReportDay::getSlaMet, ReportDay::getSlaBreached)
                    .containsExactly(1L, 0L);
        }
    }

    @Test
    void shouldMarkTheMetLateAndCountTheTargetOnceAsBreachedWhenTheReplyArrivesAfterTheGrace() {
        try (SlaDriver sla = new SlaDriver(T0, GRACE)) {
            firstResponseInAnHour(sla);
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();
            sla.advanceWallClockTo(at("09:00:01"));
            sla.advanceWallClockTo(at("10:00:04"));
            assertThat(SlaLines.of(sla.slaEvents())).containsExactly(WARNING);

            sla.advanceWallClockTo(at("10:00:05"));
            sla.event(at("09:59:58"), BOB, staffReply());

            assertThat(SlaLines.of(sla.slaEvents()))
                    .containsExactly(
                            "BREACH FIRST_RESPONSE at 2025-03-03T10:00:00Z due 2025-03-03T10:00:00Z"
                                    + " warn 2025-03-03T09:48:00Z remaining 0 policy std#1",
                            "MET FIRST_RESPONSE at 2025-03-03T09:59:58Z due 2025-03-03T10:00:00Z"
                                    + " warn 2025-03-03T09:48:00Z elapsed 3598000 remaining 2000 late policy std#1"
                                    + " note \"first public staff reply\"");
            assertThat(sla.reportDays().get("hosting|2025-03-03"))
                    .extracting(ReportDay::getSlaMet, ReportDay::getSlaBreached)
                    .containsExactly(0L, 1L);
        }
    }

    private static void firstResponseInAnHour(SlaDriver sla) {
        sla.policy(
                "std",
                policy("Standard", 10, target(SlaMetric.FIRST_RESPONSE, 60)).build());
    }

    private static Instant at(String time) {
        return Instant.parse("2025-03-03T" + time + "Z");
    }
}
