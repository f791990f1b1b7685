package dev.helpstream.gateway.sla;

import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What the gateway knows of one ticket's SLA: the policy applied and, per metric, the target's due
 * and warning instants and what happened to it. Folded from the ticket's {@code tickets.sla.v1}
 * events in topic order by {@link #apply}; immutable.
 *
 * <p>Rules of the fold (the sla-stream contract and its clock engine): {@code TARGETS_SET} names
 * the policy applied and either re-times a target that runs (after a pause, or under another
 * policy or revision: sla-stream clears the running targets the new policy lacks first) or starts
 * one (the first time, or again after it was met or cleared). A target keeps one outcome, as
 * sla-stream keeps it: a re-timed target keeps its warning and breach whatever its new deadlines
 * (sla-stream never sends them again), and a target started with deadlines already past is warned
 * or breached from them (sla-stream flags those, silently or with a timer of the same instant).
 * {@code WARNING}, {@code BREACH} and {@code MET} mark their target, a {@code MET} late when
 * sla-stream says so ({@code late}), when it had no time left, or after its breach; {@code PAUSED}
 * freezes every target not met with the time it had left at the pause (one before any target, as
 * when a policy applies to a ticket waiting on the customer, starts a summary the targets then
 * join paused), {@code RESUMED} lets them run again (sla-stream then sends their new deadlines);
 * {@code CLEARED} with a metric drops that target; without one (the ticket closed, no policy
 * applies any more) it drops the targets that ran and keeps what the others came to as history:
 * met ones, and breached ones stopped unmet (neither open nor late), with no summary when nothing
 * is left. Other kinds ({@code AUTO_CLOSE_DUE}, {@code REOPEN_WINDOW_EXPIRED}, kinds and metrics
 * this build does not know) change nothing. Targets are keyed by metric and, for {@code
 * STATUS_REACHED}, the status to reach.
 *
 * @param policyId the policy applied
 * @param policyRevision the revision of its config entity, when told
 * @param pausedAt when the clocks stopped; null while they run
 * @param targets one per metric, in metric order
 */
public record SlaSummary(String policyId, Long policyRevision, Instant pausedAt, List<Target> targets) {

    public SlaSummary {
        targets = targets.stream()
                .sorted(Comparator.comparing(Target::metric)
                        .thenComparing(Target::targetStatusId, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    /** Where a target stands. */
    public enum State {
        /** The clock runs and no warning fired. */
        RUNNING,
        /** The clock is stopped (the ticket waits on the customer); a breached target stays breached. */
        PAUSED,
        /** The warning fired; not met yet. */
        AT_RISK,
        /** Due and not met. */
        BREACHED,
        /** Met, in time or late (see {@link Target#metLate()}). */
        MET;

        /** As the API writes it: {@code running}, {@code paused}, {@code at_risk}... */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One target of the policy.
     *
     * @param metric what it measures
     * @param dueAt when it is due; null when no event told
     * @param warnAt when the warning fires
     * @param warnedAt when the warning fired; null if it did not
     * @param breachedAt when it breached; null if it did not
     * @param metAt when it was met; null while not
     * @param pausedAt when its clock stopped; null while it runs (or once met)
     * @param pausedRemainingMillis the time it had left when its clock stopped
     * @param metRemainingMillis the time it had left when met, as sla-stream counted it (negative:
     *     met after its due time)
     * @param metLate whether it was met late: after its breach or its due time (false while not met)
     * @param clearedAt when its clock stopped for good unmet (the ticket closed, no policy applies
     *     any more): a breached target stays as history, neither open nor late; null otherwise
     * @param targetStatusId the status to reach, for {@code STATUS_REACHED}
     */
    public record Target(
            SlaMetric metric,
            Instant dueAt,
            Instant warnAt,
            Instant warnedAt,
            Instant breachedAt,
            Instant metAt,
            Instant pausedAt,
            Long pausedRemainingMillis,
            Long metRemainingMillis,
            boolean metLate,
            Instant clearedAt,
            String targetStatusId) {

        public Target {
            Objects.requireNonNull(metric, "metric");
        }

        public State state() {
            if (metAt != null) {
                return State.MET;
            }
            if (breachedAt != null) {
                return State.BREACHED;
            }
            if (pausedAt != null) {
                return State.PAUSED;
            }
            return warnedAt != null ? State.AT_RISK : State.RUNNING;
        }

        /** Not met and its clock runs (a breached one runs on, into the negative). */
        public boolean open() {
            State state = state();
            return state != State.MET && state != State.PAUSED && clearedAt == null;
        }

        /**
         * The time left at {@code now}: frozen once met, while paused and once cleared, otherwise
         * counted from {@code now} to the due instant; empty when no due instant is known.
         */
        public Optional<Long> remainingMillis(String policyId, Instant now, RemainingTime remaining) {
            if (metAt != null) {
                return Optional.ofNullable(metRemainingMillis);
            }
            if (clearedAt != null) {
                return dueAt == null
                        ? Optional.empty()
                        : Optional.of(remaining.millis(policyId, metric, targetStatusId, dueAt, clearedAt));
            }
            if (pausedAt != null && pausedRemainingMillis != null) {
                return Optional.of(pausedRemainingMillis);
            }
            return dueAt == null
                    ? Optional.empty()
                    : Optional.of(remaining.millis(policyId, metric, targetStatusId, dueAt, now));
        }

        /** A target started at {@code dueAt}, warned at {@code warnAt}, nothing happened yet. */
        static Target started(SlaMetric metric, String targetStatusId, Instant dueAt, Instant warnAt) {
            return new Target(metric, dueAt, warnAt, null, null, null, null, null, null, false, null, targetStatusId);
        }

        /** The same target with these deadlines; a null one keeps the deadline it had. */
        Target deadlines(Instant newDueAt, Instant newWarnAt) {
            return new Target(
                    metric,
                    newDueAt == null ? dueAt : newDueAt,
                    newWarnAt == null ? warnAt : newWarnAt,
                    warnedAt,
                    breachedAt,
                    metAt,
                    pausedAt,
                    pausedRemainingMillis,
                    metRemainingMillis,
                    metLate,
                    clearedAt,
                    targetStatusId);
        }

        Target warned(Instant at) {
            return new Target(
                    metric,
                    dueAt,
                    warnAt,
                    at,
                    breachedAt,
                    metAt,
                    pausedAt,
                    pausedRemainingMillis,
                    metRemainingMillis,
                    metLate,
                    clearedAt,
                    targetStatusId);
        }

        Target breached(Instant at) {
            return new Target(
                    metric,
                    dueAt,
                    warnAt,
                    warnedAt,
                    at,
                    metAt,
                    pausedAt,
                    pausedRemainingMillis,
                    metRemainingMillis,
                    metLate,
                    clearedAt,
                    targetStatusId);
        }

        Target met(Instant at, Long remainingMillis, boolean late) {
            return new Target(
                    metric,
                    dueAt,
                    warnAt,
                    warnedAt,
                    breachedAt,
                    at,
                    null,
                    null,
                    remainingMillis,
                    late,
                    null,
                    targetStatusId);
        }

        /** Stopped for good at {@code at}, unmet: history from now on. */
        Target cleared(Instant at) {
            return new Target(
                    metric,
                    dueAt,
                    warnAt,
                    warnedAt,
                    breachedAt,
                    metAt,
                    null,
                    null,
                    metRemainingMillis,
                    metLate,
                    at,
                    targetStatusId);
        }

        /** Stopped at {@code at} with this much time left; null leaves it running. */
        Target paused(Instant at, Long remainingMillis) {
            return new Target(
                    metric,
                    dueAt,
                    warnAt,
                    warnedAt,
                    breachedAt,
                    metAt,
                    at,
                    at == null ? null : remainingMillis,
                    metRemainingMillis,
                    metLate,
                    clearedAt,
                    targetStatusId);
        }
    }

    /**
     * Whether a target breached or is at risk (warned, not met, clock running): the "late" view. A
     * target kept as history once cleared is not.
     */
    public boolean late() {
        return targets.stream()
                .anyMatch(target -> target.clearedAt() == null
                        && (target.state() == State.BREACHED || target.state() == State.AT_RISK));
    }

    /** Whether the clocks are stopped. */
    public boolean paused() {
        return pausedAt != null;
    }

    /** The earliest due instant of a target whose clock runs and is not met (breached ones count). */
    public Optional<Instant> earliestOpenDue() {
        return openTargets().map(Target::dueAt).findFirst();
    }

    /**
     * The target a list shows: the open one due first; else, while paused, the one with the least
     * time left; empty when every target is met.
     */
    public Optional<Target> nextDue() {
        Optional<Target> open = openTargets().findFirst();
        if (open.isPresent()) {
            return open;
        }
        return targets.stream()
                .filter(target -> target.state() == State.PAUSED && target.pausedRemainingMillis() != null)
                .min(Comparator.comparing(Target::pausedRemainingMillis));
    }

    /** The first target of this metric (there is one per metric, but for STATUS_REACHED). */
    public Optional<Target> target(SlaMetric metric) {
        return targets.stream().filter(target -> target.metric() == metric).findFirst();
    }

    private Optional<Target> target(SlaMetric metric, String statusId) {
        return targets.stream()
                .filter(target -> target.metric() == metric && Objects.equals(target.targetStatusId(), statusId))
                .findFirst();
    }

    private java.util.stream.Stream<Target> openTargets() {
        return targets.stream()
                .filter(target -> target.open() && target.dueAt() != null)
                .sorted(Comparator.comparing(Target::dueAt).thenComparing(Target::metric));
    }

    /**
     * The summary after one more event of the ticket.
     *
     * @param current the summary so far; null when the ticket has none
     * @param remaining counts the time a target has left when its clock stops
     * @return the new summary; null when there is none (nothing yet, or cleared with no history)
     */
    public static SlaSummary apply(SlaSummary current, SlaEvent event, RemainingTime remaining) {
        if (event.getKind() == null) {
            return current;
        }
        return switch (event.getKind()) {
            case CLEARED ->
                event.getMetric() == null ? clearedAll(current, event.getOccurredAt()) : cleared(current, event);
            case TARGETS_SET -> known(event.getMetric()) ? targetsSet(current, event, remaining) : current;
            case WARNING, BREACH, MET -> known(event.getMetric()) ? marked(current, event, remaining) : current;
            case PAUSED -> paused(current, event, remaining);
            case RESUMED -> current == null ? null : resumed(current);
            default -> current;
        };
    }

    private static boolean known(SlaMetric metric) {
        return metric != null && metric != SlaMetric.UNKNOWN;
    }

    /**
     * No clock runs any more (the ticket closed, or no policy applies): what the targets came to
     * stays as history, the met ones and the breached ones (cleared: neither open nor late), and
     * the others go; no summary when none is left.
     */
    private static SlaSummary clearedAll(SlaSummary current, Instant at) {
        if (current == null) {
            return null;
        }
        List<Target> history = current.targets().stream()
                .filter(target -> target.metAt() != null || target.breachedAt() != null)
                .map(target -> target.metAt() != null || target.clearedAt() != null ? target : target.cleared(at))
                .toList();
        return history.isEmpty() ? null : new SlaSummary(current.policyId(), current.policyRevision(), null, history);
    }

    /** One target is no longer applicable (the policy applied now has none like it). */
    private static SlaSummary cleared(SlaSummary current, SlaEvent event) {
        if (current == null || !known(event.getMetric())) {
            return current;
        }
        List<Target> targets = current.targets().stream()
                .filter(target -> !(target.metric() == event.getMetric()
                        && Objects.equals(target.targetStatusId(), event.getTargetStatusId())))
                .toList();
        return new SlaSummary(current.policyId(), current.policyRevision(), current.pausedAt(), targets);
    }

    private static SlaSummary targetsSet(SlaSummary current, SlaEvent event, RemainingTime remaining) {
        SlaSummary base = current != null
                ? current
                : new SlaSummary(event.getPolicyId(), event.getPolicyRevision(), null, List.of());
        // The policy the event names applies from now on: a re-selection may have changed it (its
        // targets met under the old one stay as history; sla-stream cleared the running ones it lacks).
        String policyId = event.getPolicyId() != null ? event.getPolicyId() : base.policyId();
        Long revision = event.getPolicyId() != null ? event.getPolicyRevision() : base.policyRevision();
        Instant at = event.getOccurredAt();
        Optional<Target> running = base.target(event.getMetric(), event.getTargetStatusId())
                .filter(target -> target.metAt() == null && target.clearedAt() == null);
        Instant warnedAt;
        Instant breachedAt;
        if (running.isPresent()) {
            // Re-timed: a warning or breach once out stands, later deadlines or not; sla-stream will
            // not send it again.
            warnedAt = running.get().warnedAt();
            breachedAt = running.get().breachedAt();
        } else {
            // Started: deadlines already past (a continued resolution, a stricter policy) count.
            warnedAt = notAfter(event.getWarnAt(), at);
            breachedAt = notAfter(event.getDueAt(), at);
        }
        Instant pausedAt = base.pausedAt();
        Long pausedRemaining = null;
        if (pausedAt != null) {
            // Set while paused (a re-selection): sla-stream has no due instant to give, only the time left.
            pausedRemaining = event.getRemainingBusinessMillis() != null
                    ? event.getRemainingBusinessMillis()
                    : remainingAt(
                            policyId, event.getMetric(), event.getTargetStatusId(), event.getDueAt(), at, remaining);
        }
        Target target = new Target(
                event.getMetric(),
                event.getDueAt(),
                event.getWarnAt(),
                warnedAt,
                breachedAt,
                null,
                pausedAt,
                pausedRemaining,
                null,
                false,
                null,
                event.getTargetStatusId());
        return new SlaSummary(policyId, revision, pausedAt, replace(base.targets(), target));
    }

    /** The instant when it is not after {@code at}; null otherwise. */
    private static Instant notAfter(Instant instant, Instant at) {
        return instant != null && !instant.isAfter(at) ? instant : null;
    }

    private static SlaSummary marked(SlaSummary current, SlaEvent event, RemainingTime remaining) {
        if (current != null
                && event.getPolicyId() != null
                && current.policyId() != null
                && !event.getPolicyId().equals(current.policyId())) {
            // A timer of a policy no longer applied: its target is gone.
            return current;
        }
        SlaSummary base = current != null
                ? current
                : new SlaSummary(event.getPolicyId(), event.getPolicyRevision(), null, List.of());
        Instant at = event.getOccurredAt();
        Target target = base.target(event.getMetric(), event.getTargetStatusId())
                .orElseGet(() -> Target.started(event.getMetric(), event.getTargetStatusId(), null, null))
                .deadlines(event.getDueAt(), event.getWarnAt());
        target = switch (event.getKind()) {
            case WARNING -> target.warned(at);
            case BREACH -> target.breached(at);
            default -> {
                Long left = event.getRemainingBusinessMillis() != null
                        ? event.getRemainingBusinessMillis()
                        : remainingAt(
                                base.policyId(),
                                target.metric(),
                                target.targetStatusId(),
                                target.dueAt(),
                                at,
                                remaining);
                // One outcome per target: once breached it is late, whatever time a re-timing left it.
                boolean late = event.getLate() || target.breachedAt() != null || (left != null && left < 0);
                yield target.met(at, left, late);
            }
        };
        return new SlaSummary(base.policyId(), base.policyRevision(), base.pausedAt(), replace(base.targets(), target));
    }

    private static SlaSummary paused(SlaSummary current, SlaEvent event, RemainingTime remaining) {
        Instant at = event.getOccurredAt();
        if (current == null) {
            // A policy applied while the ticket waits on the customer: sla-stream pauses first, then
            // sends the targets (with the time they have, no due time), which join paused.
            return new SlaSummary(event.getPolicyId(), event.getPolicyRevision(), at, List.of());
        }
        if (current.paused()) {
            return current;
        }
        List<Target> targets = current.targets().stream()
                .map(target -> target.metAt() != null || target.clearedAt() != null
                        ? target
                        : target.paused(
                                at,
                                remainingAt(
                                        current.policyId(),
                                        target.metric(),
                                        target.targetStatusId(),
                                        target.dueAt(),
                                        at,
                                        remaining)))
                .toList();
        return new SlaSummary(current.policyId(), current.policyRevision(), at, targets);
    }

    private static SlaSummary resumed(SlaSummary current) {
        List<Target> targets = current.targets().stream()
                .map(target -> target.paused(null, null))
                .toList();
        return new SlaSummary(current.policyId(), current.policyRevision(), null, targets);
    }

    private static Long remainingAt(
            String policyId, SlaMetric metric, String statusId, Instant dueAt, Instant at, RemainingTime remaining) {
        return dueAt == null ? null : remaining.millis(policyId, metric, statusId, dueAt, at);
    }

    private static List<Target> replace(List<Target> targets, Target target) {
        List<Target> next = new ArrayList<>(targets.size() + 1);
        targets.stream()
                .filter(each -> each.metric() != target.metric()
                        || !Objects.equals(each.targetStatusId(), target.targetStatusId()))
                .forEach(next::add);
        next.add(target);
        return next;
    }
}
