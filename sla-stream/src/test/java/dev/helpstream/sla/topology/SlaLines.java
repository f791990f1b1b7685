package dev.helpstream.sla.topology;

import dev.helpstream.schema.SlaEvent;
import java.util.List;

/**
 * SLA events as one line each, so a test states the whole expected output in reading order:
 * {@code KIND METRIC at <occurredAt> due <dueAt> warn <warnAt> elapsed <ms> remaining <ms> late policy
 * <id>#<revision> note "<note>"}, each part present only when the event has it ({@code late} when
 * true).
 */
final class SlaLines {

    private SlaLines() {}

    static List<String> of(List<SlaEvent> events) {
        return events.stream().map(SlaLines::of).toList();
    }

    static String of(SlaEvent event) {
        StringBuilder line = new StringBuilder(event.getKind().name());
        if (event.getMetric() != null) {
            line.append(' ').append(event.getMetric());
        }
        if (event.getTargetStatusId() != null) {
            line.append(':').append(event.getTargetStatusId());
        }
        line.append(" at ").append(event.getOccurredAt());
        if (event.getDueAt() != null) {
            line.append(" due ").append(event.getDueAt());
        }
        if (event.getWarnAt() != null) {
            line.append(" warn ").append(event.getWarnAt());
        }
        if (event.getElapsedBusinessMillis() != null) {
            line.append(" elapsed ").append(event.getElapsedBusinessMillis());
        }
        if (event.getRemainingBusinessMillis() != null) {
            line.append(" remaining ").append(event.getRemainingBusinessMillis());
        }
        if (event.getLate()) {
            line.append(" late");
        }
        if (event.getPolicyId() != null) {
            line.append(" policy ").append(event.getPolicyId()).append('#').append(event.getPolicyRevision());
        }
        if (event.getNote() != null) {
            line.append(" note \"").append(event.getNote()).append('"');
        }
        return line.toString();
    }
}
