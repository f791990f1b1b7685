package dev.helpstream.sla;

import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import java.util.List;

/** SLA policies and targets as the clock, report and what-if tests write them. */
public final class SlaPolicies {

    private SlaPolicies() {}

    /** Every ticket, pausing while the ticket waits on the customer. */
    public static SlaPolicy.Builder policy(String name, int order, SlaTarget... targets) {
        return SlaPolicy.newBuilder()
                .setName(name)
                .setOrder(order)
                .setTargets(List.of(targets))
                .setPauseOnStatusIds(List.of("waiting"));
    }

    /** Wall-clock minutes. */
    public static SlaTarget target(SlaMetric metric, int minutes) {
        return SlaTarget.newBuilder()
                .setMetric(metric)
                .setDurationMinutes(minutes)
                .setBusinessTime(false)
                .build();
    }

    /** Minutes of the policy calendar's working time. */
    public static SlaTarget businessTarget(SlaMetric metric, int minutes) {
        return SlaTarget.newBuilder()
                .setMetric(metric)
                .setDurationMinutes(minutes)
                .setBusinessTime(true)
                .build();
    }
}
