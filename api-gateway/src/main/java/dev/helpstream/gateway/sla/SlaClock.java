package dev.helpstream.gateway.sla;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.sla.calendar.BusinessTime;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts the time an SLA target has left the way sla-stream counts it: business time of the
 * policy's calendar ({@link BusinessTime}) when the policy's target for that metric (and, for
 * {@code STATUS_REACHED}, that status) asks for it and the calendar exists, wall-clock time
 * otherwise (a policy without a calendar is 24x7; an unknown policy or target counts wall-clock
 * time too).
 *
 * <p>Input: the live configuration (SLA policies, business calendars). Output: milliseconds, and
 * the policy's display name. Invariant: no clock reads, the caller gives the instant. A calendar
 * that does not validate (the admin API refuses those) is counted as wall-clock time, with one
 * warning per calendar revision. Thread-safe; parsed calendars are kept until their entity changes.
 *
 * <p>Limitation: it counts with the policy and calendar as configured now, while sla-stream runs
 * each clock under the copy it took when the policy was last applied to the ticket (until a
 * transfer, a priority or type change or a reopen applies it again). Once a policy is deleted, or
 * its calendar or a target's {@code businessTime} changes, the time left of tickets still under the
 * old rules is counted by the new ones (due instants are always sla-stream's), and so is the time
 * frozen at a pause when the gateway reads it again at a start ({@code PAUSED} carries no time left
 * per target). {@code tickets.sla.v1} does not tell the measure of a target; it would take a
 * schema change to count exactly as sla-stream.
 */
@Component
public class SlaClock implements RemainingTime {

    private static final Logger log = LoggerFactory.getLogger(SlaClock.class);

    private final Supplier<ConfigEntities> config;
    private final Map<String, Parsed> calendars = new ConcurrentHashMap<>();

    @Autowired
    SlaClock(ConfigView config) {
        this(config::snapshot);
    }

    /** @param config the configuration as it is now, asked at each call */
    public SlaClock(Supplier<ConfigEntities> config) {
        this.config = config;
    }

    @Override
    public long millis(String policyId, SlaMetric metric, String statusId, Instant dueAt, Instant at) {
        Optional<BusinessTime> business = businessTime(policyId, metric, statusId);
        if (business.isEmpty()) {
            return Duration.between(at, dueAt).toMillis();
        }
        return dueAt.isAfter(at)
                ? business.get().between(at, dueAt).toMillis()
                : -business.get().between(dueAt, at).toMillis();
    }

    /**
     * Whether the policy's target for this metric (and status to reach, for {@code STATUS_REACHED})
     * counts business time of an existing calendar.
     */
    public boolean countsBusinessTime(String policyId, SlaMetric metric, String statusId) {
        return businessTime(policyId, metric, statusId).isPresent();
    }

    /** The policy's display name; empty for a policy the configuration does not hold (any more). */
    public Optional<String> policyName(String policyId) {
        return policyId == null
                ? Optional.empty()
                : config.get().get(SlaPolicy.class, policyId).map(SlaPolicy::getName);
    }

    private Optional<BusinessTime> businessTime(String policyId, SlaMetric metric, String statusId) {
        if (policyId == null) {
            return Optional.empty();
        }
        ConfigEntities entities = config.get();
        Optional<SlaPolicy> policy = entities.get(SlaPolicy.class, policyId);
        if (policy.isEmpty() || policy.get().getCalendarId() == null) {
            return Optional.empty();
        }
        // One target per metric, but one per status to reach for STATUS_REACHED: each its own measure.
        boolean business = policy.get().getTargets().stream()
                .filter(target -> target.getMetric() == metric
                        && (metric != SlaMetric.STATUS_REACHED || Objects.equals(target.getStatusId(), statusId)))
                .findFirst()
                .map(SlaTarget::getBusinessTime)
                .orElse(false);
        if (!business) {
            return Optional.empty();
        }
        String calendarId = policy.get().getCalendarId();
        return entities.get(BusinessCalendar.class, calendarId).flatMap(calendar -> parsed(calendarId, calendar));
    }

    private Optional<BusinessTime> parsed(String calendarId, BusinessCalendar calendar) {
        Parsed cached = calendars.get(calendarId);
        if (cached != null && cached.source().equals(calendar)) {
            return cached.time();
        }
        Optional<BusinessTime> time;
        try {
            time = Optional.of(BusinessTime.from(calendar));
        } catch (IllegalArgumentException e) {
            log.warn("Counting wall-clock time for SLA targets of calendar {}: {}", calendarId, e.getMessage());
            time = Optional.empty();
        }
        calendars.put(calendarId, new Parsed(calendar, time));
        return time;
    }

    private record Parsed(BusinessCalendar source, Optional<BusinessTime> time) {}
}
