package dev.helpstream.sla.whatif;

import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows one ticket's SLA events under one configuration and says how each target ended.
 *
 * <p>A target runs from the {@code TARGETS_SET} that starts it to the {@code MET} or {@code CLEARED}
 * that ends it; a {@code TARGETS_SET} while it runs (a pause ended, a new policy re-timed it) is the
 * same target. Invariant: a target counts once, as breached if a {@code BREACH} fired for it at any
 * point or it was met late ({@code MET} with {@code late}), as met if met in time, as running if neither by the end, and not at all
 * when cleared without a breach (the ticket closed first, no policy applies any more).
 */
final class TargetOutcomes {

    /** A target's identity within the ticket: its metric, and its status for STATUS_REACHED. */
    record Key(SlaMetric metric, String statusId) {

        static final Comparator<Key> ORDER = Comparator.comparing(Key::metric)
                .thenComparing(Key::statusId, Comparator.nullsFirst(Comparator.naturalOrder()));

        static Key of(SlaEvent event) {
            return new Key(
                    event.getMetric(),
                    event.getMetric() == SlaMetric.STATUS_REACHED ? event.getTargetStatusId() : null);
        }
    }

    private record Ended(Key key, Outcome outcome) {}

    /** Running targets: whether each has breached. */
    private final Map<Key, Boolean> running = new LinkedHashMap<>();

    private final List<Ended> ended = new ArrayList<>();

    void record(SlaEvent event) {
        if (event.getMetric() == null) {
            if (event.getKind() == SlaEventKind.CLEARED) {
                new ArrayList<>(running.keySet()).forEach(this::clear);
            }
            return;
        }
        Key key = Key.of(event);
        switch (event.getKind()) {
            case TARGETS_SET -> running.putIfAbsent(key, false);
            case BREACH -> running.put(key, true);
            case MET -> {
                // As the reports count it: in time only when not late (a breach already out makes
                // it late, whatever time a re-timing left it).
                running.remove(key);
                ended.add(new Ended(key, event.getLate() ? Outcome.BREACHED : Outcome.MET));
            }
            case CLEARED -> clear(key);
            default -> {
                // Warnings, pauses, resumptions and the inactivity timers decide no outcome.
            }
        }
    }

    private void clear(Key key) {
        Boolean breached = running.remove(key);
        if (breached != null) {
            ended.add(new Ended(key, breached ? Outcome.BREACHED : Outcome.NONE));
        }
    }

    /** Every target's outcome, the running ones as of now, in the order they ended (running last). */
    List<Map.Entry<Key, Outcome>> outcomes() {
        List<Map.Entry<Key, Outcome>> outcomes = new ArrayList<>();
        ended.forEach(target -> outcomes.add(Map.entry(target.key(), target.outcome())));
        running.forEach((key, breached) -> outcomes.add(Map.entry(key, breached ? Outcome.BREACHED : Outcome.RUNNING)));
        return outcomes;
    }

    /** Per target key, the most telling outcome of its targets ({@link Outcome}'s order), by key. */
    Map<Key, Outcome> summary() {
        Map<Key, Outcome> summary = new TreeMap<>(Key.ORDER);
        for (Map.Entry<Key, Outcome> outcome : outcomes()) {
            summary.merge(outcome.getKey(), outcome.getValue(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return summary;
    }
}
