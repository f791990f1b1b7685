package dev.helpstream.sla.topology;

import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.sla.report.ReportTopology;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The SLA topology, a pure function of its settings: the runtime and the tests build it the same
 * way.
 *
 * <pre>
 * helpdesk.config.v1 → config-updater-source → config-updater [config-store]          (global)
 * tickets.events.v1  → events-source → sla-clocks [clock-store, deadline-index] → sla-sink → tickets.sla.v1
 *                                   └→ report aggregation ({@link ReportTopology}, fed the ticket
 *                                      events and the SLA events) → reports.daily.v1
 * </pre>
 *
 * <p>{@code sla-clocks} ({@link SlaClockProcessor}) runs the {@link
 * dev.helpstream.sla.clock.SlaClockEngine} per ticket: {@code clock-store} holds each ticket's
 * {@code SlaClockState}, {@code deadline-index} its pending deadlines in time order. Deadlines fire
 * by event time before each record and by a wall-clock punctuator (a grace behind the wall clock)
 * that stands aside during a replay, so replaying {@code tickets.events.v1} writes the same SLA
 * history, ids included, as long as the live events reached sla-stream within the grace.
 */
public final class SlaTopology {

    public static final String CONFIG_STORE = "config-store";
    public static final String CLOCK_STORE = "clock-store";
    public static final String DEADLINE_INDEX = "deadline-index";

    /** The global store's processor; Kafka Streams names its source {@code config-updater-source}. */
    static final String CONFIG_UPDATER = "config-updater";

    static final String EVENTS_SOURCE = "events-source";
    static final String CLOCKS = "sla-clocks";
    static final String SLA_SINK = "sla-sink";

    private SlaTopology() {}

    /**
     * Settings the topology depends on; the SLA policies, calendars and helpdesk settings come from
     * the config topic.
     *
     * @param punctuateInterval how often the wall-clock punctuator fires due deadlines
     * @param punctuateGrace how far behind the wall clock the punctuator fires: a deadline fires
     *     by wall clock only once it is this old, so a ticket event recorded before it that is still
     *     on its way through the pipeline (commit interval, poll, a burst) applies first
     * @param replayLag how far stream time must trail the wall clock, while advancing, for a task to
     *     count as replaying a backlog
     * @param reportZone the zone whose calendar days the daily report figures count in
     */
    public record Settings(Duration punctuateInterval, Duration punctuateGrace, Duration replayLag, ZoneId reportZone) {

        public Settings {
            Objects.requireNonNull(punctuateInterval, "punctuateInterval");
            Objects.requireNonNull(punctuateGrace, "punctuateGrace");
            Objects.requireNonNull(replayLag, "replayLag");
            Objects.requireNonNull(reportZone, "reportZone");
            if (punctuateGrace.isNegative()) {
                throw new IllegalArgumentException("punctuateGrace must not be negative: " + punctuateGrace);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60), ZoneId.of("UTC"));
        }

        /** The same settings with another grace (tests that fire exactly at a deadline use zero). */
        public Settings withPunctuateGrace(Duration grace) {
            return new Settings(punctuateInterval, grace, replayLag, reportZone);
        }
    }

    public static Topology build(Settings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        addTo(builder, settings);
        return builder.build();
    }

    /** Adds the SLA processing to {@code builder}. */
    public static void addTo(StreamsBuilder builder, Settings settings) {
        Objects.requireNonNull(settings, "settings");
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(CONFIG_STORE),
                                Topics.CONFIG.keySerde(),
                                Topics.CONFIG.valueSerde())
                        // The compacted config topic is the store's changelog already.
                        .withLoggingDisabled(),
                Topics.CONFIG.name(),
                Consumed.with(Topics.CONFIG.keySerde(), Topics.CONFIG.valueSerde())
                        .withName(CONFIG_UPDATER),
                ConfigStoreUpdater::new);

        KStream<String, TicketEvent> events = builder.stream(
                Topics.EVENTS.name(),
                Consumed.with(Topics.EVENTS.keySerde(), Topics.EVENTS.valueSerde())
                        .withName(EVENTS_SOURCE));
        KStream<String, SlaEvent> slaEvents = events.process(new ClockProcessorSupplier(settings), Named.as(CLOCKS));
        ReportTopology.addTo(builder, events, slaEvents, settings.reportZone());
        slaEvents.to(
                Topics.SLA.name(),
                Produced.with(Topics.SLA.keySerde(), Topics.SLA.valueSerde()).withName(SLA_SINK));
    }
}
