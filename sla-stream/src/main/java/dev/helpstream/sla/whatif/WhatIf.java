package dev.helpstream.sla.whatif;

import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.internal.SlaClockState;
import dev.helpstream.sla.clock.SlaClockEngine;
import dev.helpstream.sla.clock.SlaConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * SLA what-if: replays ticket histories against the live configuration and against the same
 * configuration with a draft policy laid over it, and reports how compliance compares.
 *
 * <p>Input: ticket events with their record times, each ticket's in topic order (tickets may
 * interleave), starting with its {@code TicketOpened}; the live {@link SlaConfig}; a {@link
 * DraftPolicy}; the end of the period. Output: a {@link WhatIfReport}. Each ticket runs through a
 * {@link SlaClockEngine} per configuration exactly as sla-stream's clock processor runs it: the
 * deadlines due before an event's record time fire before the event applies, and at the end every
 * deadline due by the end fires, so a target due within the period counts as breached even when no
 * later event shows it.
 *
 * <p>Invariants: pure and deterministic, nothing reads a clock or writes anywhere; the same
 * histories, configuration, draft and end give the same report whatever the tickets' interleaving.
 * Memory holds each ticket's two clock states, never its events, so a caller can stream a topic
 * through {@link #accept}. Not thread-safe.
 */
public final class WhatIf {

    /** The most changed outcomes a report lists; it counts them all. */
    public static final int MAX_CHANGES = 100;

    /** A ticket event and its record time. */
    public record Recorded(TicketEvent event, Instant at) {

        public Recorded {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(at, "at");
        }
    }

    private static final Comparator<Ticket> OPENING_ORDER =
            Comparator.comparing((Ticket ticket) -> ticket.openedAt).thenComparing(ticket -> ticket.id);

    private final SlaClockEngine currentEngine;
    private final SlaClockEngine draftEngine;
    private final Instant end;
    private final Map<String, Ticket> tickets = new HashMap<>();
    private WhatIfReport report;

    /**
     * @param end the end of the period: later events are not replayed, deadlines up to it fire
     */
    public WhatIf(SlaConfig live, DraftPolicy draft, Instant end) {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(draft, "draft");
        this.end = Objects.requireNonNull(end, "end");
        this.currentEngine = new SlaClockEngine(live);
        this.draftEngine = new SlaClockEngine(DraftConfig.over(live, draft));
    }

    /** The report for these histories, each one ticket's events in topic order. */
    public static WhatIfReport replay(List<List<Recorded>> histories, SlaConfig live, DraftPolicy draft, Instant end) {
        WhatIf whatIf = new WhatIf(live, draft, end);
        for (List<Recorded> history : histories) {
            for (Recorded recorded : history) {
                whatIf.accept(recorded.event(), recorded.at());
            }
        }
        return whatIf.report();
    }

    /**
     * Replays one event. A ticket joins with its {@code TicketOpened}; events of tickets that have not
     * joined, and events after the end, are left out.
     *
     * @return whether the event was replayed
     * @throws IllegalStateException once the report was made
     */
    public boolean accept(TicketEvent event, Instant at) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        if (report != null) {
            throw new IllegalStateException("The what-if is reported already");
        }
        if (at.isAfter(end)) {
            return false;
        }
        Ticket ticket = tickets.get(event.getTicketId());
        if (ticket == null) {
            if (!(event.getPayload() instanceof TicketOpened)) {
                return false;
            }
            ticket = new Ticket(event.getTicketId(), event.getTicketNumber(), at);
            tickets.put(ticket.id, ticket);
        }
        ticket.current.apply(event, at);
        ticket.draft.apply(event, at);
        return true;
    }

    /** How many tickets joined so far. */
    public int tickets() {
        return tickets.size();
    }

    /** Fires what is due by the end and reports; later calls give the same report. */
    public WhatIfReport report() {
        if (report != null) {
            return report;
        }
        Map<SlaMetric, Tally> current = new EnumMap<>(SlaMetric.class);
        Map<SlaMetric, Tally> draft = new EnumMap<>(SlaMetric.class);
        List<Change> changed = new ArrayList<>();
        long changedCount = 0;
        List<Ticket> ordered = new ArrayList<>(tickets.values());
        ordered.sort(OPENING_ORDER);
        for (Ticket ticket : ordered) {
            ticket.current.finish(end);
            ticket.draft.finish(end);
            count(ticket.current.outcomes, current);
            count(ticket.draft.outcomes, draft);
            Map<TargetOutcomes.Key, Outcome> before = ticket.current.outcomes.summary();
            Map<TargetOutcomes.Key, Outcome> after = ticket.draft.outcomes.summary();
            TreeSet<TargetOutcomes.Key> keys = new TreeSet<>(TargetOutcomes.Key.ORDER);
            keys.addAll(before.keySet());
            keys.addAll(after.keySet());
            for (TargetOutcomes.Key key : keys) {
                Outcome was = before.getOrDefault(key, Outcome.NONE);
                Outcome would = after.getOrDefault(key, Outcome.NONE);
                if (was != would) {
                    changedCount++;
                    if (changed.size() < MAX_CHANGES) {
                        changed.add(new Change(ticket.id, ticket.number, key.metric(), key.statusId(), was, would));
                    }
                }
            }
        }
        report = new WhatIfReport(tickets.size(), Compliance.of(current), Compliance.of(draft), changedCount, changed);
        return report;
    }

    private static void count(TargetOutcomes outcomes, Map<SlaMetric, Tally> tallies) {
        for (Map.Entry<TargetOutcomes.Key, Outcome> outcome : outcomes.outcomes()) {
            tallies.merge(outcome.getKey().metric(), Tally.ZERO.plus(outcome.getValue()), Tally::plus);
        }
    }

    /** One ticket replayed under both configurations. */
    private final class Ticket {

        final String id;
        final long number;
        final Instant openedAt;
        final Replay current;
        final Replay draft;

        Ticket(String id, long number, Instant openedAt) {
            this.id = id;
            this.number = number;
            this.openedAt = openedAt;
            this.current = new Replay(currentEngine);
            this.draft = new Replay(draftEngine);
        }
    }

    /** One ticket under one configuration: its clock state and how its targets ended. */
    private static final class Replay {

        final SlaClockEngine engine;
        final TargetOutcomes outcomes = new TargetOutcomes();
        SlaClockState state;

        Replay(SlaClockEngine engine) {
            this.engine = engine;
        }

        void apply(TicketEvent event, Instant at) {
            // As the clock processor: what is due before the record's time fires before it applies
            // (a deadline at that very millisecond waits: the event is in time).
            if (state != null) {
                take(engine.fire(state, at.minusMillis(1)));
            }
            take(engine.apply(state, event, at));
        }

        void finish(Instant end) {
            if (state != null) {
                take(engine.fire(state, end));
            }
        }

        private void take(SlaClockEngine.Step step) {
            state = step.state();
            step.events().forEach(outcomes::record);
        }
    }
}
