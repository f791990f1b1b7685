package dev.helpstream.sla.topology;

import static dev.helpstream.sla.SlaPolicies.policy;
import static dev.helpstream.sla.SlaPolicies.target;
import static dev.helpstream.sla.topology.SlaDriver.BOB;
import static dev.helpstream.sla.topology.SlaDriver.CUSTOMER;
import static dev.helpstream.sla.topology.SlaDriver.ROUTING;
import static dev.helpstream.sla.topology.SlaDriver.closed;
import static dev.helpstream.sla.topology.SlaDriver.customerMessage;
import static dev.helpstream.sla.topology.SlaDriver.opened;
import static dev.helpstream.sla.topology.SlaDriver.staffReply;
import static dev.helpstream.sla.topology.SlaDriver.status;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.NoteAdded;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The SLA topology as a whole: its node and store names, dead letters, and the replay rule (the same
 * ticket events give the same SLA events whether deadlines fired by wall clock or by event time).
 */
class SlaTopologyTest {

    private static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    private static final String STANDARD = "policy \"Standard\" (order 10): every ticket";

    @Test
    void shouldNameEveryNodeAndStore() {
        TopologyDescription description =
                SlaTopology.build(SlaTopology.Settings.defaults()).describe();
        Set<String> nodes = new TreeSet<>();
        Set<String> stores = new TreeSet<>();
        description
                .subtopologies()
                .forEach(sub -> sub.nodes().forEach(node -> {
                    nodes.add(node.name());
                    if (node instanceof TopologyDescription.Processor processor) {
                        stores.addAll(processor.stores());
                    }
                }));
        description.globalStores().forEach(global -> {
            nodes.add(global.source().name());
            nodes.add(global.processor().name());
            stores.addAll(global.processor().stores());
        });

        assertThat(nodes)
                .containsExactly(
                        "config-updater",
                        "config-updater-source",
                        "events-source",
                        "report-contributions-merge",
                        "report-contributions-repartition-filter",
                        "report-contributions-repartition-sink",
                        "report-contributions-repartition-source",
                        "report-day-sum",
                        "report-day-updates",
                        "report-days-sink",
                        "report-sla-outcomes",
                        "report-ticket-tracker",
                        "sla-clocks",
                        "sla-sink");
        assertThat(stores)
                .containsExactly("clock-store", "config-store", "deadline-index", "report-days", "report-tickets");
    }

    @Test
    void shouldDeadLetterAPoisonRecordAndProcessTheNextOne() {
        try (SlaDriver sla = new SlaDriver(T0)) {
            standard(sla);

            sla.pipeRaw("poison".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8), T0);
            sla.event(T0.plusSeconds(1), CUSTOMER, opened("hosting", "normal").build());

            List<TestRecord<byte[], byte[]>> deadLetters = sla.deadLetters();
            assertThat(deadLetters).hasSize(1);
            assertThat(new String(deadLetters.get(0).key(), StandardCharsets.UTF_8))
                    .isEqualTo("poison");
            assertThat(new String(deadLetters.get(0).value(), StandardCharsets.UTF_8))
                    .isEqualTo("not avro");
            Headers headers = deadLetters.get(0).headers();
            assertThat(header(headers, "__streams.errors.topic")).isEqualTo("tickets.events.v1");
            assertThat(header(headers, "__streams.errors.offset")).isEqualTo("0");
            assertThat(header(headers, "__streams.errors.message"))
                    .startsWith("Cannot decode dev.helpstream.schema.TicketEvent from topic 'tickets.events.v1'");
            assertThat(sla.slaEvents())
                    .extracting(SlaEvent::getKind, SlaEvent::getMetric)
                    .extracting(Object::toString)
                    .containsExactly("(TARGETS_SET, FIRST_RESPONSE)", "(TARGETS_SET, RESOLUTION)");
        }
    }

    @Test
    void shouldWriteTheSameSlaEventsWhenTheTicketEventsAreReplayedWithoutAWallClock() {
        List<TestRecord<String, SlaEvent>> live = new ArrayList<>();
        List<TestRecord<String, TicketEvent>> input;
        try (SlaDriver sla = new SlaDriver(T0)) {
            sla.settings(7, 30);
            standard(sla);
            sla.event("t-1", T0, CUSTOMER, opened("hosting", "normal").build());
            at(sla, "09:20:00");
            sla.event(
                    "t-2", at("09:20:00"), CUSTOMER, opened("hosting", "normal").build());
            at(sla, "09:50:00");
            at(sla, "10:05:00");
            at(sla, "10:10:00");
            sla.event("t-1", at("10:10:00"), BOB, staffReply());
            at(sla, "10:15:00");
            sla.event(
                    "t-1",
                    at("10:15:00"),
                    BOB,
                    status("open", LifecycleState.OPEN, "waiting", LifecycleState.WAITING_ON_CUSTOMER));
            at(sla, "12:00:00");
            sla.event("t-1", at("12:00:00"), CUSTOMER, customerMessage());
            sla.event(
                    "t-1",
                    at("12:00:00"),
                    ROUTING,
                    status("waiting", LifecycleState.WAITING_ON_CUSTOMER, "open", LifecycleState.OPEN));
            at(sla, "17:00:00");
            at(sla, "17:10:00");
            at(sla, "18:00:00");
            sla.event("t-1", at("18:00:00"), BOB, closed("open"));
            live.addAll(sla.slaRecords());
            input = sla.piped();
        }

        assertThat(live)
                .extracting(record -> record.key() + " " + SlaLines.of(record.value()))
                .containsExactly(
                        "t-1 TARGETS_SET FIRST_RESPONSE at 2025-03-03T09:00:00Z due 2025-03-03T10:00:00Z warn"
                                + " 2025-03-03T09:48:00Z remaining 3600000 policy std#1 note \"" + STANDARD
                                + "; ticket opened\"",
                        "t-1 TARGETS_SET RESOLUTION at 2025-03-03T09:00:00Z due 2025-03-03T17:00:00Z warn"
                                + " 2025-03-03T15:24:00Z remaining 28800000 policy std#1 note \"" + STANDARD
                                + "; ticket opened\"",
                        "t-2 TARGETS_SET FIRST_RESPONSE at 2025-03-03T09:20:00Z due 2025-03-03T10:20:00Z warn"
                                + " 2025-03-03T10:08:00Z remaining 3600000 policy std#1 note \"" + STANDARD
                                + "; ticket opened\"",
                        "t-2 TARGETS_SET RESOLUTION at 2025-03-03T09:20:00Z due 2025-03-03T17:20:00Z warn"
                                + " 2025-03-03T15:44:00Z remaining 28800000 policy std#1 note \"" + STANDARD
                                + "; ticket opened\"",
                        "t-1 WARNING FIRST_RESPONSE at 2025-03-03T09:48:00Z due 2025-03-03T10:00:00Z warn"
                                + " 2025-03-03T09:48:00Z remaining 720000 policy std#1",
                        "t-1 BREACH FIRST_RESPONSE at 2025-03-03T10:00:00Z due 2025-03-03T10:00:00Z warn"
                                + " 2025-03-03T09:48:00Z remaining 0 policy std#1",
                        "t-2 WARNING FIRST_RESPONSE at 2025-03-03T10:08:00Z due 2025-03-03T10:20:00Z warn"
                                + " 2025-03-03T10:08:00Z remaining 720000 policy std#1",
                        "t-1 MET FIRST_RESPONSE at 2025-03-03T10:10:00Z due 2025-03-03T10:00:00Z warn"
                                + " 2025-03-03T09:48:00Z elapsed 4200000 remaining -600000 late policy std#1 note \"first"
                                + " public staff reply\"",
                        "t-1 PAUSED at 2025-03-03T10:15:00Z policy std#1 note \"status waiting pauses policy"
                                + " \"Standard\"\"",
                        "t-2 BREACH FIRST_RESPONSE at 2025-03-03T10:20:00Z due 2025-03-03T10:20:00Z warn"
                                + " 2025-03-03T10:08:00Z remaining 0 policy std#1",
                        "t-1 RESUMED at 2025-03-03T12:00:00Z policy std#1 note \"status open resumes policy"
                                + " \"Standard\"\"",
                        "t-1 TARGETS_SET RESOLUTION at 2025-03-03T12:00:00Z due 2025-03-03T18:45:00Z warn"
                                + " 2025-03-03T17:09:00Z remaining 24300000 policy std#1 note \"" + STANDARD
                                + "; resumed after status open\"",
                        "t-2 WARNING RESOLUTION at 2025-03-03T15:44:00Z due 2025-03-03T17:20:00Z warn"
                                + " 2025-03-03T15:44:00Z remaining 5760000 policy std#1",
                        "t-1 WARNING RESOLUTION at 2025-03-03T17:09:00Z due 2025-03-03T18:45:00Z warn"
                                + " 2025-03-03T17:09:00Z remaining 5760000 policy std#1",
                        "t-2 BREACH RESOLUTION at 2025-03-03T17:20:00Z due 2025-03-03T17:20:00Z warn"
                                + " 2025-03-03T15:44:00Z remaining 0 policy std#1",
                        "t-1 MET RESOLUTION at 2025-03-03T18:00:00Z due 2025-03-03T18:45:00Z warn"
                                + " 2025-03-03T17:09:00Z elapsed 26100000 remaining 2700000 policy std#1 note \"ticket"
                                + " closed\"");

        try (SlaDriver replay = new SlaDriver(T0)) {
            replay.settings(7, 30);
            standard(replay);
            input.forEach(replay::pipe);

            assertThat(replay.slaRecords()).isEqualTo(live);
        }
    }

    @Test
    void shouldLeaveDeadlinesToEventTimeWhileATaskReplaysABacklog() {
        try (SlaDriver sla = new SlaDriver(T0.plus(Duration.ofDays(30)))) {
            standard(sla);
            sla.event(T0, CUSTOMER, opened("hosting", "normal").build());
            sla.slaEvents();

            sla.advanceWallClockTo(T0.plus(Duration.ofDays(30)).plusSeconds(1));
            assertThat(sla.noSlaEvents()).isTrue();

            sla.event(
                    at("10:30:00"),
                    BOB,
                    NoteAdded.newBuilder()
                            .setNoteId("n1")
                            .setBody(new MessageBody("Looking into it", null, null))
                            .build());
            assertThat(sla.slaEvents())
                    .extracting(event -> event.getKind() + " " + event.getMetric() + " " + event.getOccurredAt())
                    .containsExactly(
                            "WARNING FIRST_RESPONSE 2025-03-03T09:48:00Z",
                            "BREACH FIRST_RESPONSE 2025-03-03T10:00:00Z");
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(30)).plusSeconds(2));
            assertThat(sla.noSlaEvents()).isTrue();

            // Stream time stood still since the last punctuation: the task has caught up.
            sla.advanceWallClockTo(T0.plus(Duration.ofDays(30)).plusSeconds(3));
            assertThat(sla.slaEvents())
                    .extracting(event -> event.getKind() + " " + event.getMetric() + " " + event.getOccurredAt())
                    .containsExactly(
                            "WARNING RESOLUTION 2025-03-03T15:24:00Z", "BREACH RESOLUTION 2025-03-03T17:00:00Z");
        }
    }

    private static void at(SlaDriver sla, String time) {
        sla.advanceWallClockTo(at(time));
    }

    private static Instant at(String time) {
        return Instant.parse("2025-03-03T" + time + "Z");
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static void standard(SlaDriver sla) {
        sla.policy(
                "std",
                policy("Standard", 10, target(SlaMetric.FIRST_RESPONSE, 60), target(SlaMetric.RESOLUTION, 480))
                        .build());
    }
}
