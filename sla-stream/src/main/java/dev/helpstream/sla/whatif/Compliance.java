package dev.helpstream.sla.whatif;

import dev.helpstream.schema.SlaMetric;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * SLA compliance under one configuration: every target, and per metric.
 *
 * @param overall every target of every metric
 * @param byMetric per metric, every known metric present (zeros included), in the metric's order
 */
public record Compliance(Tally overall, Map<SlaMetric, Tally> byMetric) {

    public Compliance {
        byMetric = Collections.unmodifiableMap(new EnumMap<>(byMetric));
    }

    /** The compliance of these per-metric tallies; a metric left out counts zero. */
    static Compliance of(Map<SlaMetric, Tally> tallies) {
        Map<SlaMetric, Tally> byMetric = new EnumMap<>(SlaMetric.class);
        Tally overall = Tally.ZERO;
        for (SlaMetric metric : SlaMetric.values()) {
            if (metric != SlaMetric.UNKNOWN) {
                Tally tally = tallies.getOrDefault(metric, Tally.ZERO);
                byMetric.put(metric, tally);
                overall = overall.plus(tally);
            }
        }
        return new Compliance(overall, byMetric);
    }
}
