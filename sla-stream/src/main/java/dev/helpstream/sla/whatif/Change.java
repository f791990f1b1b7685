package dev.helpstream.sla.whatif;

import dev.helpstream.schema.SlaMetric;

/**
 * A ticket whose outcome for a metric differs under the draft.
 *
 * @param targetStatusId the status a {@code STATUS_REACHED} target waits for; null for other metrics
 */
public record Change(
        String ticketId, long number, SlaMetric metric, String targetStatusId, Outcome current, Outcome draft) {}
