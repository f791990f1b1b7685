package dev.helpstream.sla.topology;

import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.internal.SlaClockState;
import dev.helpstream.sla.clock.SlaClockEngine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each ticket's SLA clocks ({@code clock-store}) and a deadline index ({@code
 * deadline-index}) and turns ticket events and due deadlines into SLA events.
 *
 * <p>Input: {@code tickets.events.v1} keyed by ticket id; the configuration from the global {@code
 * config-store}. Output: {@link SlaEvent}s keyed by ticket id, each with its {@code occurredAt} as
 * record timestamp (the ticket event's record time, or the deadline for timer events).
 *
 * <p>The index holds one entry per pending deadline, keyed {@code <19-digit epoch millis>|<ticket
 * id>|<what>} with the ticket id as value, so a range scan from the start up to an instant finds
 * every deadline due by then, oldest first (19 digits hold any non-negative long, so a due time
 * centuries ahead still sorts after today's). Invariant: the index holds exactly the deadlines the
 * stored clocks list ({@link SlaClockEngine#deadlines}); both change in the same transaction.
 *
 * <p>Deadlines fire on two paths, and {@code process()} never reads the clock:
 *
 * <ul>
 *   <li><b>Event time</b>: before a record applies, every deadline due before its timestamp fires
 *       (in this task, for every ticket); one at the record's very millisecond waits, so an event at
 *       the due time is in time. A replay of the topic therefore fires exactly what the live run
 *       fired, at the same points of the input, with the same ids.
 *   <li><b>Wall clock</b>: a punctuator ({@code helpstream.sla.punctuate-interval}) fires deadlines
 *       due at or before the wall clock minus {@code helpstream.sla.punctuate-grace}, so a warning
 *       goes out soon after it is due even if no ticket event follows, while a ticket event recorded
 *       before a deadline that reaches sla-stream within the grace still applies first. It stands
 *       aside while the task replays a backlog: when stream time advanced since the previous
 *       punctuation yet is more than {@code helpstream.sla.replay-lag} behind that punctuation's
 *       graced wall clock (when those records were being processed; for the first punctuation, its
 *       own). Firing by the wall clock then would put a deadline before records that precede it in
 *       event time; the event-time path fires it in its place.
 * </ul>
 *
 * <p>The inactivity timers follow the helpdesk settings: each tick compares {@code
 * autoCloseInactiveDays} and {@code reopenWindowDays} with those the stored timers were armed under
 * and, when they changed (and at a task's first tick), re-arms every ticket in {@code clock-store}
 * once ({@link SlaClockEngine#rearmTimers}); a timer that fires is judged again under the settings
 * of its time, as routing judges it.
 *
 * <p>An event that reaches sla-stream more than the grace after a deadline it precedes lands after
 * that deadline live (a breach, then a late {@code MET}) and before it in a replay: the replay rule
 * holds for events that arrive within the grace.
 */
final class SlaClockProcessor implements Processor<String, TicketEvent, String, SlaEvent> {

    private static final Logger log = LoggerFactory.getLogger(SlaClockProcessor.class);
    private static final long UNSET = Long.MIN_VALUE;

    private final SlaTopology.Settings settings;
    private ProcessorContext<String, SlaEvent> context;
    private KeyValueStore<String, SlaClockState> clocks;
    private KeyValueStore<String, String> index;
    private SlaClockEngine engine;
    private long streamTimeAtLastTick = UNSET;
    private long wallClockAtLastTick = UNSET;
    private StoreConfig config;
    /** The inactivity settings the stored timers were last re-armed under; null until the first tick. */
    private TimerSettings timerSettings;

    /** What the inactivity timers depend on: a change re-arms them. */
    private record TimerSettings(int autoCloseInactiveDays, int reopenWindowDays) {}

    SlaClockProcessor(SlaTopology.Settings settings) {
        this.settings = settings;
    }

    @Override
    public void init(ProcessorContext<String, SlaEvent> context) {
        this.context = context;
        this.clocks = context.getStateStore(SlaTopology.CLOCK_STORE);
        this.index = context.getStateStore(SlaTopology.DEADLINE_INDEX);
        ReadOnlyKeyValueStore<String, ConfigEntity> configStore = context.getStateStore(SlaTopology.CONFIG_STORE);
        this.config = new StoreConfig(configStore);
        this.engine = new SlaClockEngine(config);
        context.schedule(settings.punctuateInterval(), PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
    }

    @Override
    public void process(Record<String, TicketEvent> record) {
        if (record.key() == null || record.value() == null) {
            log.debug("Ignoring a ticket event without key or value at timestamp {}", record.timestamp());
            return;
        }
        // Strictly before the record: an event at a deadline's very millisecond is in time.
        fireDue(record.timestamp() - 1);
        String ticketId = record.key();
        SlaClockState before = clocks.get(ticketId);
        SlaClockEngine.Step step = engine.apply(before, record.value(), Instant.ofEpochMilli(record.timestamp()));
        save(ticketId, before, step.state(), Set.of());
        forward(ticketId, step.events());
    }

    /** The wall-clock path; see the class comment for when it stands aside. */
    private void onWallClock(long now) {
        // The wall clock a grace behind: events recorded before a deadline may still be on their way.
        long upTo = now - settings.punctuateGrace().toMillis();
        rearmAfterSettingsChange(upTo);
        long streamTime = context.currentStreamTimeMs();
        boolean advanced = streamTime != streamTimeAtLastTick;
        long reference = wallClockAtLastTick == UNSET ? upTo : wallClockAtLastTick;
        streamTimeAtLastTick = streamTime;
        wallClockAtLastTick = upTo;
        if (advanced && streamTime < reference - settings.replayLag().toMillis()) {
            log.debug("Replaying (stream time {} behind wall clock {}): deadlines fire by event time", streamTime, now);
            return;
        }
        fireDue(upTo);
    }

    /**
     * Re-arms every stored ticket's inactivity timers once the helpdesk settings they depend on
     * changed (the config store is global, so the change is seen here rather than as a record).
     * The first tick of a task re-arms too: the settings may have changed while it was down. A
     * re-armed timer that is due fires by the same tick.
     */
    private void rearmAfterSettingsChange(long now) {
        HelpdeskSettings current = config.settings();
        TimerSettings seen = new TimerSettings(current.getAutoCloseInactiveDays(), current.getReopenWindowDays());
        if (seen.equals(timerSettings)) {
            return;
        }
        record Rearmed(String ticketId, SlaClockState before, SlaClockState after) {}
        List<Rearmed> rearmed = new ArrayList<>();
        Instant at = Instant.ofEpochMilli(Math.max(0, now));
        try (KeyValueIterator<String, SlaClockState> all = clocks.all()) {
            while (all.hasNext()) {
                KeyValue<String, SlaClockState> entry = all.next();
                SlaClockState after = engine.rearmTimers(entry.value, at);
                if (after != entry.value) {
                    rearmed.add(new Rearmed(entry.key, entry.value, after));
                }
            }
        }
        // Written once the scan is over: the store is not changed under its own iterator.
        rearmed.forEach(ticket -> save(ticket.ticketId(), ticket.before(), ticket.after(), Set.of()));
        if (timerSettings != null || !rearmed.isEmpty()) {
            log.info(
                    "Inactivity settings {} (were {}): re-armed the timers of {} tickets",
                    seen,
                    timerSettings,
                    rearmed.size());
        }
        timerSettings = seen;
    }

    /**
     * Fires every indexed deadline due at or before {@code upTo} in time order across tickets, so
     * the wall-clock and the event-time path emit the same sequence.
     */
    private void fireDue(long upTo) {
        if (upTo < 0) {
            return;
        }
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> entries = index.range(indexKey(0, ""), upperBound(upTo))) {
            entries.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            String ticketId = entry.value;
            SlaClockState before = clocks.get(ticketId);
            if (before == null) {
                index.delete(entry.key);
                continue;
            }
            // Up to this entry only: a later deadline of the same ticket waits for its turn.
            SlaClockEngine.Step step = engine.fire(before, Instant.ofEpochMilli(epochMillisOf(entry.key)));
            save(ticketId, before, step.state(), Set.of(entry.key));
            forward(ticketId, step.events());
        }
    }

    /**
     * Stores the ticket's clocks and brings the index in line with their deadlines; a ticket whose
     * state went (deleted or merged) leaves neither a store entry nor an index entry behind.
     *
     * @param fired index keys just fired, removed unless the clocks still list them
     */
    private void save(String ticketId, SlaClockState before, SlaClockState after, Set<String> fired) {
        if (after == null && before == null) {
            return;
        }
        if (after == null) {
            clocks.delete(ticketId);
        } else if (after != before) {
            clocks.put(ticketId, after);
        }
        Set<String> wanted = indexKeys(after);
        Set<String> stale = new HashSet<>(indexKeys(before));
        stale.addAll(fired);
        stale.removeAll(wanted);
        stale.forEach(index::delete);
        List<String> added = new ArrayList<>(wanted);
        added.removeAll(indexKeys(before));
        added.forEach(key -> index.put(key, ticketId));
    }

    private void forward(String ticketId, List<SlaEvent> events) {
        for (SlaEvent event : events) {
            context.forward(new Record<>(ticketId, event, event.getOccurredAt().toEpochMilli()));
        }
    }

    private static Set<String> indexKeys(SlaClockState state) {
        Set<String> keys = new HashSet<>();
        if (state != null) {
            for (SlaClockEngine.Deadline deadline : SlaClockEngine.deadlines(state)) {
                keys.add(indexKey(deadline.at().toEpochMilli(), state.getTicketId() + "|" + deadline.what()));
            }
        }
        return keys;
    }

    static String indexKey(long epochMillis, String rest) {
        return String.format(Locale.ROOT, "%019d|%s", Math.max(0, epochMillis), rest);
    }

    private static long epochMillisOf(String indexKey) {
        return Long.parseLong(indexKey.substring(0, indexKey.indexOf('|')));
    }

    /** Above every key of the millisecond {@code epochMillis}: '}' sorts after the '|' that follows it. */
    private static String upperBound(long epochMillis) {
        return String.format(Locale.ROOT, "%019d}", Math.max(0, epochMillis));
    }
}
