package dev.helpstream.sla.charter;

import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.sla.calendar.BusinessTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Due and warning instants of one SLA target.
 *
 * <p>Input: a target, the instant its clock starts and, optionally, the policy's business calendar.
 * Output: instants. A target counts business time only when it asks for it and a calendar is given;
 * otherwise it counts wall-clock minutes (a policy without a calendar is 24x7). Invariant: pure
 * functions of the arguments (no clock reads), and the warning never falls after the due time.
 */
public final class Deadlines {

    /** The warning threshold used when a policy's percentage is outside 1..99. */
    public static final int DEFAULT_WARNING_PERCENT = 80;

    private Deadlines() {}

    /**
     * The instant at which the target's allowed time has elapsed after {@code start}.
     *
     * @throws IllegalArgumentException when the target's duration is negative
     */
    public static Instant due(SlaTarget target, Instant start, Optional<BusinessTime> calendar) {
        return after(target, allowed(target), start, calendar);
    }

    /**
     * The instant at which {@code warningPercent}% of the target's allowed time has elapsed after
     * {@code start}, counted in the same kind of time as {@link #due}. A percentage outside 1..99
     * counts as {@value #DEFAULT_WARNING_PERCENT}. The fraction is truncated to whole nanoseconds.
     *
     * @throws IllegalArgumentException when the target's duration is negative
     */
    public static Instant warningAt(
            SlaTarget target, int warningPercent, Instant start, Optional<BusinessTime> calendar) {
        int percent = warningPercent >= 1 && warningPercent <= 99 ? warningPercent : DEFAULT_WARNING_PERCENT;
        Duration share = allowed(target).multipliedBy(percent).dividedBy(100);
        return after(target, share, start, calendar);
    }

    private static Duration allowed(SlaTarget target) {
        Objects.requireNonNull(target, "target");
        if (target.getDurationMinutes() < 0) {
            throw new IllegalArgumentException("SLA target " + target.getMetric() + " has a negative duration: "
                    + target.getDurationMinutes() + " minutes");
        }
        return Duration.ofMinutes(target.getDurationMinutes());
    }

    private static Instant after(SlaTarget target, Duration amount, Instant start, Optional<BusinessTime> calendar) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(calendar, "calendar");
        if (target.getBusinessTime() && calendar.isPresent()) {
            return calendar.get().plus(start, amount);
        }
        return start.plus(amount);
    }
}
