package dev.helpstream.sla.report;

import dev.helpstream.schema.ReportDay;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.internal.ReportTicket;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.schema.topic.Topics;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The report aggregation: per department and day, what {@code reports.daily.v1} serves.
 *
 * <pre>
 * tickets.events.v1 → report-ticket-tracker [report-tickets] ─┐
 * tickets.sla.v1    → report-sla-outcomes ───────────────────┴→ report-contributions (merge)
 *   → repartition by &lt;departmentId&gt;|&lt;day&gt; (report-contributions)
 *   → report-day-sum [report-days] → reports.daily.v1 (report-days-sink)
 * </pre>
 *
 * <p>Each ticket or SLA event that counts becomes a partial {@link ReportDay} (one opening, one
 * close with its resolution time, minutes of one agent...) keyed by the department and day it
 * belongs to; the repartition brings every contribution of one department's day to one task, which
 * adds it to the day's running total ({@link ReportDays#plus}) and writes the whole day again, so the
 * compacted topic always holds each day's complete figures. Under exactly-once the store, the
 * repartition offsets and the output commit together: a contribution counts once.
 *
 * <p>The ticket state is keyed by ticket id and reads the ticket topic directly, so it is
 * co-partitioned with every topic keyed by ticket id. What each figure counts is defined by the
 * {@code ReportDay} schema and {@link ReportTicketTracker}.
 */
public final class ReportTopology {

    /** What the reports remember of each ticket, keyed by ticket id. */
    public static final String TICKET_STORE = "report-tickets";

    /** Each department's day so far, keyed {@code <departmentId>|<yyyy-MM-dd>}. */
    public static final String DAY_STORE = "report-days";

    /** The repartition topic's name inside the application: {@code <application id>-report-contributions-repartition}. */
    public static final String CONTRIBUTIONS = "report-contributions";

    static final String TICKET_TRACKER = "report-ticket-tracker";
    static final String SLA_OUTCOMES = "report-sla-outcomes";
    static final String MERGE = "report-contributions-merge";
    static final String DAY_SUM = "report-day-sum";
    static final String DAY_UPDATES = "report-day-updates";
    static final String SINK = "report-days-sink";

    private ReportTopology() {}

    /**
     * Adds the report aggregation to {@code builder}.
     *
     * @param events the ticket events ({@code tickets.events.v1}), keyed by ticket id
     * @param slaEvents the SLA events ({@code tickets.sla.v1}), keyed by ticket id
     * @param zone the report time zone: days are dates in it
     */
    public static void addTo(
            StreamsBuilder builder,
            KStream<String, TicketEvent> events,
            KStream<String, SlaEvent> slaEvents,
            ZoneId zone) {
        Objects.requireNonNull(builder, "builder");
        Objects.requireNonNull(zone, "zone");
        Serde<String> keys = Topics.REPORT_DAYS.keySerde();
        Serde<ReportDay> days = Topics.REPORT_DAYS.valueSerde();

        KStream<String, ReportDay> fromTickets = events.process(new TrackerSupplier(zone), Named.as(TICKET_TRACKER));
        KStream<String, ReportDay> fromSla =
                slaEvents.process(() -> new SlaOutcomeCounter(zone), Named.as(SLA_OUTCOMES));
        fromTickets
                .merge(fromSla, Named.as(MERGE))
                .groupByKey(Grouped.with(CONTRIBUTIONS, keys, days))
                .reduce(
                        ReportDays::plus,
                        Named.as(DAY_SUM),
                        Materialized.<String, ReportDay, KeyValueStore<Bytes, byte[]>>as(DAY_STORE)
                                .withKeySerde(keys)
                                .withValueSerde(days))
                .toStream(Named.as(DAY_UPDATES))
                .to(Topics.REPORT_DAYS.name(), Produced.with(keys, days).withName(SINK));
    }

    /** The ticket tracker with its store attached. */
    private record TrackerSupplier(ZoneId zone) implements ProcessorSupplier<String, TicketEvent, String, ReportDay> {

        @Override
        public Processor<String, TicketEvent, String, ReportDay> get() {
            return new ReportTicketTracker(zone);
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(TICKET_STORE),
                    Serdes.String(),
                    SingleObjectAvroSerdes.instance().serde(ReportTicket.class)));
        }
    }
}
