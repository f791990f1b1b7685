package dev.helpstream.gateway.sla;

import dev.helpstream.schema.SlaMetric;
import java.time.Duration;
import java.time.Instant;

/**
 * The time left on an SLA target at an instant: business time when the policy's target counts it,
 * wall-clock time otherwise. Positive before the due instant, negative after it.
 */
@FunctionalInterface
public interface RemainingTime {

    /** Wall-clock time, whatever the policy says: for tests and for an unknown policy. */
    RemainingTime CALENDAR = (policyId, metric, statusId, dueAt, at) ->
            Duration.between(at, dueAt).toMillis();

    /**
     * @param policyId the policy the target belongs to; may be unknown to the configuration
     * @param metric the target's metric
     * @param statusId the status to reach, for {@code STATUS_REACHED} (a policy may have several);
     *     null otherwise
     * @param dueAt when it is due
     * @param at the instant to count from
     * @return milliseconds from {@code at} to {@code dueAt}, negative once overdue
     */
    long millis(String policyId, SlaMetric metric, String statusId, Instant dueAt, Instant at);
}
