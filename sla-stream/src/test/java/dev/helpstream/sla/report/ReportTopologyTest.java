package dev.helpstream.sla.report;

import static dev.helpstream.sla.report.ReportFixtures.CUSTOMER;
import static dev.helpstream.sla.report.ReportFixtures.SYSTEM;
import static dev.helpstream.sla.report.ReportFixtures.admin;
import static dev.helpstream.sla.report.ReportFixtures.agent;
import static dev.helpstream.sla.report.ReportFixtures.attachmentAdded;
import static dev.helpstream.sla.report.ReportFixtures.categoryChanged;
import static dev.helpstream.sla.report.ReportFixtures.closed;
import static dev.helpstream.sla.report.ReportFixtures.closedByMerge;
import static dev.helpstream.sla.report.ReportFixtures.event;
import static dev.helpstream.sla.report.ReportFixtures.file;
import static dev.helpstream.sla.report.ReportFixtures.merged;
import static dev.helpstream.sla.report.ReportFixtures.message;
import static dev.helpstream.sla.report.ReportFixtures.note;
import static dev.helpstream.sla.report.ReportFixtures.opened;
import static dev.helpstream.sla.report.ReportFixtures.reopened;
import static dev.helpstream.sla.report.ReportFixtures.timeLogged;
import static dev.helpstream.sla.report.ReportFixtures.timerStopped;
import static dev.helpstream.sla.report.ReportFixtures.transferred;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.DurationCount;
import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.internal.ReportTicket;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.Topics;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The report aggregation over a fixed data set whose figures were counted by hand: three tickets in
 * two departments (support, billing) over two days in Europe/Paris (UTC+1 in March), with a transfer
 * from one day and department to the next, a reopen, time entries and a timer, attachments on the
 * opening, messages, notes and on their own, SLA targets met, met late and breached, and events on
 * both sides of midnight in Paris that are still on the previous day in UTC.
 */
class ReportTopologyTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final LocalDate MARCH_2 = LocalDate.of(2026, 3, 2);
    private static final LocalDate MARCH_3 = LocalDate.of(2026, 3, 3);

    private TopologyTestDriver driver;
    private TestInputTopic<String, TicketEvent> events;
    private TestInputTopic<String, SlaEvent> slaEvents;
    private TestOutputTopic<String, ReportDay> reports;

    @AfterEach
    void closeTheDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldCountEachDepartmentsDayInTheReportTimeZoneAsCountedByHand() {
        start(PARIS);
        pipeTheDataSet();

        Map<String, ReportDay> days = reports.readKeyValuesToMap();

        assertThat(days).containsOnlyKeys("support|2026-03-02", "support|2026-03-03", "billing|2026-03-03");
        assertThat(days.get("support|2026-03-02"))
                .isEqualTo(ReportDay.newBuilder(ReportDays.empty("support", MARCH_2))
                        // T1 and T2 open on Monday
                        .setOpened(2)
                        // T1: opened 08:00Z, ana replied 09:00Z = 3600 s
                        .setFirstResponseSeconds(List.of(new DurationCount(3600L, 1L)))
                        // T1's first response met; T2's first response breached at 20:00Z
                        .setSlaMet(1)
                        .setSlaBreached(1)
                        // ana 30 (T1, hosting), bea 45 (T2's timer, no category)
                        .setMinutesByAgent(Map.of("ana", 30L, "bea", 45L))
                        .setMinutesByCategory(Map.of("hosting", 30L, "", 45L))
                        // T1 opening 2 files (1000 + 2000), T1 customer message 1 (500), T2 note 1 (4000)
                        .setAttachments(4)
                        .setAttachmentBytes(7_500)
                        .build());
        assertThat(days.get("support|2026-03-03"))
                .isEqualTo(ReportDay.newBuilder(ReportDays.empty("support", MARCH_3))
                        // T1 closed at 23:30Z on the 2nd (00:30 in Paris on the 3rd), reopened, closed again
                        .setClosed(2)
                        .setReopened(1)
                        // T1: 08:00Z to 23:30Z = 55 800 s, two significant digits: 56 000
                        .setResolutionSeconds(List.of(new DurationCount(56_000L, 1L)))
                        // T1's resolution met at 23:30Z (Paris: the 3rd)
                        .setSlaMet(1)
                        .build());
        assertThat(days.get("billing|2026-03-03"))
                .isEqualTo(ReportDay.newBuilder(ReportDays.empty("billing", MARCH_3))
                        // T3 opened at 23:10Z on the 2nd, 00:10 in Paris on the 3rd
                        .setOpened(1)
                        // T2 closed after its transfer to billing
                        .setClosed(1)
                        // T3: 23:10Z to the admin's reply at 00:10Z = 3600 s (the system's reply before it
                        // does not count); T2: 12:00Z on the 2nd to carl's reply at 09:00Z = 75 600 s -> 76 000
                        .setFirstResponseSeconds(List.of(new DurationCount(3600L, 1L), new DurationCount(76_000L, 1L)))
                        // T2: 12:00Z on the 2nd to 11:00Z on the 3rd = 82 800 s -> 83 000
                        .setResolutionSeconds(List.of(new DurationCount(83_000L, 1L)))
                        // T3's first response met with 0 left; T2's late first response does not count,
                        // T2's resolution breached under billing
                        .setSlaMet(1)
                        .setSlaBreached(1)
                        // carl 20 on T2, now in category invoices
                        .setMinutesByAgent(Map.of("carl", 20L))
                        .setMinutesByCategory(Map.of("invoices", 20L))
                        // T2's file of its own (700); the file carried with a message is not counted again
                        .setAttachments(1)
                        .setAttachmentBytes(700)
                        .build());
    }

    @Test
    void shouldPutTheSameEventsOnTheUtcDayWhenTheReportTimeZoneIsUtc() {
        start(ZoneOffset.UTC);
        pipeTheDataSet();

        Map<String, ReportDay> days = reports.readKeyValuesToMap();

        assertThat(days)
                .containsOnlyKeys(
                        "support|2026-03-02", "support|2026-03-03", "billing|2026-03-02", "billing|2026-03-03");
        // T3's opening at 23:10Z is on the 2nd in UTC.
        assertThat(days.get("billing|2026-03-02"))
                .isEqualTo(ReportDay.newBuilder(ReportDays.empty("billing", MARCH_2))
                        .setOpened(1)
                        .build());
        assertThat(days.get("billing|2026-03-03").getOpened()).isZero();
        // T1's first close at 23:30Z and its resolution met then are on the 2nd in UTC ...
        assertThat(days.get("support|2026-03-02").getClosed()).isEqualTo(1);
        assertThat(days.get("support|2026-03-02").getResolutionSeconds())
                .containsExactly(new DurationCount(56_000L, 1L));
        assertThat(days.get("support|2026-03-02").getSlaMet()).isEqualTo(2);
        // ... its reopen and second close on the 3rd.
        assertThat(days.get("support|2026-03-03"))
                .isEqualTo(ReportDay.newBuilder(ReportDays.empty("support", MARCH_3))
                        .setClosed(1)
                        .setReopened(1)
                        .build());
    }

    @Test
    void shouldWriteTheWholeDayAgainWithEveryContribution() {
        start(PARIS);
        Instant opening = Instant.parse("2026-03-02T08:00:00Z");
        events.pipeInput("T1", event("T1", opening, CUSTOMER, opened("support", null)), opening);
        Instant second = Instant.parse("2026-03-02T09:00:00Z");
        events.pipeInput("T2", event("T2", second, CUSTOMER, opened("support", null)), second);

        assertThat(reports.readRecordsToList())
                .extracting(record -> record.key(), record -> record.value().getOpened())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("support|2026-03-02", 1L),
                        org.assertj.core.groups.Tuple.tuple("support|2026-03-02", 2L));
        assertThat(reports.isEmpty()).isTrue();
    }

    @Test
    void shouldRememberEachTicketsDepartmentCategoryAndFirstInstants() {
        start(PARIS);
        pipeTheDataSet();

        KeyValueStore<String, ReportTicket> tickets = driver.getKeyValueStore(ReportTopology.TICKET_STORE);
        assertThat(tickets.get("T2"))
                .isEqualTo(ReportTicket.newBuilder()
                        .setDepartmentId("billing")
                        .setCategoryId("invoices")
                        .setCreatedAt(Instant.parse("2026-03-02T12:00:00Z"))
                        .setFirstResponseAt(Instant.parse("2026-03-03T09:00:00Z"))
                        .setFirstClosedAt(Instant.parse("2026-03-03T11:00:00Z"))
                        .setClosed(true)
                        .build());
        assertThat(tickets.get("T-unknown")).isNull();
        KeyValueStore<String, ReportDay> stored = driver.getKeyValueStore(ReportTopology.DAY_STORE);
        assertThat(stored.get("billing|2026-03-03").getOpened()).isEqualTo(1);
    }

    @Test
    void shouldCountATargetMetAfterItsBreachOnlyAsBreachedEvenWithTimeLeftAfterARetiming() {
        start(ZoneOffset.UTC);
        ticket("T1", "2026-03-02T09:00:00Z", CUSTOMER, opened("support", null));
        sla("T1", "2026-03-02T10:00:00Z", SlaEventKind.BREACH, SlaMetric.FIRST_RESPONSE, "support", 0L);
        // A transfer re-timed the breached target under a lenient policy: 2 h left, yet late.
        slaEvents.pipeInput(
                "T1",
                ReportFixtures.sla(
                        "T1",
                        Instant.parse("2026-03-02T11:00:00Z"),
                        SlaEventKind.MET,
                        SlaMetric.FIRST_RESPONSE,
                        "billing",
                        7_200_000L,
                        true),
                Instant.parse("2026-03-02T11:00:00Z"));
        // A reply at the due millisecond: nothing left, in time.
        sla("T1", "2026-03-02T12:00:00Z", SlaEventKind.MET, SlaMetric.RESOLUTION, "support", 0L);

        Map<String, ReportDay> days = reports.readKeyValuesToMap();

        assertThat(days).containsOnlyKeys("support|2026-03-02");
        assertThat(days.get("support|2026-03-02").getSlaMet()).isEqualTo(1);
        assertThat(days.get("support|2026-03-02").getSlaBreached()).isEqualTo(1);
    }

    @Test
    void shouldForgetAMergedTicketAfterCountingTheCloseTheMergeBrings() {
        start(ZoneOffset.UTC);
        ticket("T1", "2026-03-02T09:00:00Z", CUSTOMER, opened("support", null));
        ticket("T1", "2026-03-02T10:00:00Z", agent("ana"), merged("T9", 10_009));
        ticket("T1", "2026-03-02T10:00:00Z", agent("ana"), closedByMerge());

        Map<String, ReportDay> days = reports.readKeyValuesToMap();

        KeyValueStore<String, ReportTicket> tickets = driver.getKeyValueStore(ReportTopology.TICKET_STORE);
        assertThat(tickets.get("T1")).isNull();
        assertThat(days.get("support|2026-03-02").getClosed()).isEqualTo(1);
        assertThat(days.get("support|2026-03-02").getResolutionSeconds()).containsExactly(new DurationCount(3600L, 1L));
    }

    @Test
    void shouldForgetATicketMergedWhileClosedAndKeepAClosedOneThatCanBeReopened() {
        start(ZoneOffset.UTC);
        ticket("T1", "2026-03-02T09:00:00Z", CUSTOMER, opened("support", null));
        ticket("T1", "2026-03-02T10:00:00Z", agent("ana"), closed());
        ticket("T2", "2026-03-02T09:30:00Z", CUSTOMER, opened("support", null));
        ticket("T2", "2026-03-02T10:30:00Z", agent("ana"), closed());

        ticket("T1", "2026-03-02T11:00:00Z", agent("ana"), merged("T9", 10_009));

        KeyValueStore<String, ReportTicket> tickets = driver.getKeyValueStore(ReportTopology.TICKET_STORE);
        assertThat(tickets.get("T1")).isNull();
        assertThat(tickets.get("T2").getClosed()).isTrue();
        ticket("T2", "2026-03-02T12:00:00Z", CUSTOMER, reopened());
        assertThat(tickets.get("T2").getClosed()).isFalse();
        assertThat(reports.readKeyValuesToMap().get("support|2026-03-02"))
                .extracting(ReportDay::getClosed, ReportDay::getReopened)
                .containsExactly(2L, 1L);
    }

    @Test
    void shouldNameEveryProcessorStoreAndInternalTopic() {
        String description = topology(PARIS).describe().toString();

        assertThat(description)
                .contains(
                        "Processor: report-ticket-tracker (stores: [report-tickets])",
                        "Processor: report-sla-outcomes (stores: [])",
                        "Processor: report-contributions-merge",
                        "Sink: report-contributions-repartition-sink (topic: report-contributions-repartition)",
                        "Source: report-contributions-repartition-source (topics: [report-contributions-repartition])",
                        "Processor: report-day-sum (stores: [report-days])",
                        "Processor: report-day-updates",
                        "Sink: report-days-sink (topic: reports.daily.v1)");
    }

    /**
     * The data set, in the order the topics would deliver it. Times are UTC; Paris is an hour ahead.
     */
    private void pipeTheDataSet() {
        // T1: support, category hosting.
        ticket("T1", "2026-03-02T08:00:00Z", CUSTOMER, opened("support", "hosting", file("a", 1000), file("b", 2000)));
        ticket("T1", "2026-03-02T08:30:00Z", CUSTOMER, message(CUSTOMER, MessageDirection.INBOUND, file("c", 500)));
        ticket("T1", "2026-03-02T09:00:00Z", agent("ana"), message(agent("ana"), MessageDirection.OUTBOUND));
        sla("T1", "2026-03-02T09:00:00Z", SlaEventKind.MET, SlaMetric.FIRST_RESPONSE, "support", 3_600_000L);
        ticket("T1", "2026-03-02T10:00:00Z", agent("ana"), message(agent("ana"), MessageDirection.OUTBOUND));
        ticket(
                "T1",
                "2026-03-02T10:05:00Z",
                agent("ana"),
                timeLogged("ana", 30, Instant.parse("2026-03-02T09:30:00Z")));
        // A second opening of the same ticket is ignored.
        ticket("T1", "2026-03-02T10:10:00Z", CUSTOMER, opened("billing", null));

        // T2: support, no category; transferred to billing the next day.
        ticket("T2", "2026-03-02T12:00:00Z", CUSTOMER, opened("support", null));
        ticket("T2", "2026-03-02T13:00:00Z", agent("bea"), note(file("d", 4000)));
        ticket(
                "T2",
                "2026-03-02T14:00:00Z",
                agent("bea"),
                timerStopped("bea", 45, Instant.parse("2026-03-02T13:15:00Z")));
        sla("T2", "2026-03-02T20:00:00Z", SlaEventKind.WARNING, SlaMetric.FIRST_RESPONSE, "support", 0L);
        sla("T2", "2026-03-02T20:00:00Z", SlaEventKind.BREACH, SlaMetric.FIRST_RESPONSE, "support", 0L);

        // T3: billing, opened at 00:10 in Paris.
        ticket("T3", "2026-03-02T23:10:00Z", CUSTOMER, opened("billing", null));
        ticket("T3", "2026-03-02T23:20:00Z", SYSTEM, message(SYSTEM, MessageDirection.OUTBOUND));

        // T1 closes at 00:30 in Paris.
        ticket("T1", "2026-03-02T23:30:00Z", agent("ana"), closed());
        sla("T1", "2026-03-02T23:30:00Z", SlaEventKind.MET, SlaMetric.RESOLUTION, "support", 100L);

        Actor boss = admin("admin");
        ticket("T3", "2026-03-03T00:10:00Z", boss, message(boss, MessageDirection.OUTBOUND));
        sla("T3", "2026-03-03T00:10:00Z", SlaEventKind.MET, SlaMetric.FIRST_RESPONSE, "billing", 0L);

        ticket("T2", "2026-03-03T08:00:00Z", agent("bea"), transferred("support", "billing"));
        ticket("T2", "2026-03-03T08:10:00Z", agent("carl"), categoryChanged(null, "invoices"));
        ticket("T1", "2026-03-03T09:00:00Z", CUSTOMER, reopened());
        ticket("T2", "2026-03-03T09:00:00Z", agent("carl"), message(agent("carl"), MessageDirection.OUTBOUND));
        // Met, but late (after the breach): not met in time.
        sla("T2", "2026-03-03T09:00:00Z", SlaEventKind.MET, SlaMetric.FIRST_RESPONSE, "billing", -46_800_000L);
        ticket(
                "T2",
                "2026-03-03T09:30:00Z",
                agent("carl"),
                timeLogged("carl", 20, Instant.parse("2026-03-03T09:00:00Z")));
        ticket("T2", "2026-03-03T09:40:00Z", agent("carl"), attachmentAdded(file("e", 900), "m-carried"));
        ticket("T2", "2026-03-03T09:45:00Z", agent("carl"), attachmentAdded(file("f", 700), null));
        ticket("T1", "2026-03-03T10:00:00Z", agent("ana"), closed());
        sla("T2", "2026-03-03T10:30:00Z", SlaEventKind.BREACH, SlaMetric.RESOLUTION, "billing", -1L);
        ticket("T2", "2026-03-03T11:00:00Z", agent("carl"), closed());

        // An event of a ticket whose opening was never seen counts nowhere.
        ticket("T-unknown", "2026-03-03T11:30:00Z", agent("ana"), closed());
    }

    private void ticket(String ticketId, String at, Actor actor, Object payload) {
        Instant instant = Instant.parse(at);
        events.pipeInput(ticketId, event(ticketId, instant, actor, payload), instant);
    }

    private void sla(String ticketId, String at, SlaEventKind kind, SlaMetric metric, String department, Long left) {
        Instant instant = Instant.parse(at);
        slaEvents.pipeInput(ticketId, ReportFixtures.sla(ticketId, instant, kind, metric, department, left), instant);
    }

    private void start(ZoneId zone) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "report-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
        driver = new TopologyTestDriver(topology(zone), props, Instant.parse("2026-03-02T00:00:00Z"));
        events = input(Topics.EVENTS);
        slaEvents = input(Topics.SLA);
        reports = driver.createOutputTopic(
                Topics.REPORT_DAYS.name(),
                Topics.REPORT_DAYS.keySerde().deserializer(),
                Topics.REPORT_DAYS.valueSerde().deserializer());
    }

    private static Topology topology(ZoneId zone) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, TicketEvent> ticketEvents = builder.stream(
                Topics.EVENTS.name(), Consumed.with(Topics.EVENTS.keySerde(), Topics.EVENTS.valueSerde()));
        KStream<String, SlaEvent> sla =
                builder.stream(Topics.SLA.name(), Consumed.with(Topics.SLA.keySerde(), Topics.SLA.valueSerde()));
        ReportTopology.addTo(builder, ticketEvents, sla, zone);
        return builder.build();
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
