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
 * <p>Rules of the fold (the sla-stream contract and its clock engine): {@code TARGETS_SET} (re)starts
 * a target and names the policy applied (a new policy re-times the running targets it shares with
 * the old one, and sla-stream clears the others first); a warning or breach whose instant the new
 * deadlines still put in the past is kept (a clock resumed after a pause gets later deadlines but
 * stays warned), a later one is forgotten. {@code WARNING}, {@code BREACH} and {@code MET} mark
 * their target; {@code PAUSED} freezes every target not met with the time it had left at the
 * pause, {@code RESUMED} lets them run again (sla-stream then sends their new deadlines); {@code
 * CLEARED} with a metric drops that target, without one the whole summary. Other kinds ({@code
 * AUTO_CLOSE_DUE}, {@code REOPEN_WINDOW_EXPIRED}, kinds and metrics this build does not know)
 * change nothing. Targets are keyed by metric and, for {@code STATUS_REACHED}, the status to reach.
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
        /** Met (maybe late: see {@link Target#breachedAt()}). */
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
     *     met late)
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
            return state != State.MET && state != State.PAUSED;
        }

        /**
         * The time left at {@code now}: frozen once met or while paused, otherwise counted from
         * {@code now} to the due instant; empty when no due instant is known.
         */
        public Optional<Long> remainingMillis(String policyId, Instant now, RemainingTime remaining) {
            if (metAt != null) {
                return Optional.ofNullable(metRemainingMillis);
            }
            if (pausedAt != null && pausedRemainingMillis != null) {
                return Optional.of(pausedRemainingMillis);
            }
            return dueAt == null ? Optional.empty() : Optional.of(remaining.millis(policyId, metric, dueAt, now));
        }

        private Target with(Instant newDueAt, Instant newWarnAt) {
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
                    targetStatusId);
        }
    }

    /** Whether a target breached or is at risk (warned, not met, clock running): the "late" view. */
    public boolean late() {
        return targets.stream().anyMatch(target -> target.state() == State.BREACHED || target.state() == State.AT_RISK);
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
     * @return the new summary; null when there is none (nothing yet, or {@code CLEARED})
     */
    public static SlaSummary apply(SlaSummary current, SlaEvent event, RemainingTime remaining) {
        if (event.getKind() == null) {
            return current;
        }
        return switch (event.getKind()) {
            case CLEARED -> event.getMetric() == null ? null : cleared(current, event);
            case TARGETS_SET -> known(event.getMetric()) ? targetsSet(current, event, remaining) : current;
            case WARNING, BREACH, MET -> known(event.getMetric()) ? marked(current, event, remaining) : current;
            case PAUSED -> current == null ? null : paused(current, event.getOccurredAt(), remaining);
            case RESUMED -> current == null ? null : resumed(current);
            default -> current;
        };
    }

    private static boolean known(SlaMetric metric) {
        return metric != null && metric != SlaMetric.UNKNOWN;
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
        Optional<Target> before = base.target(event.getMetric(), event.getTargetStatusId());
        Instant warnedAt = before.map(Target::warnedAt)
                .filter(warned ->
                        event.getWarnAt() != null && !event.getWarnAt().isAfter(at))
                .orElse(null);
        Instant breachedAt = before.map(Target::breachedAt)
                .filter(breached ->
                        event.getDueAt() != null && !event.getDueAt().isAfter(at))
                .orElse(null);
        Instant pausedAt = base.pausedAt();
        Long pausedRemaining = null;
        if (pausedAt != null) {
            // Set while paused (a re-selection): sla-stream has no due instant to give, only the time left.
            pausedRemaining = event.getRemainingBusinessMillis() != null
                    ? event.getRemainingBusinessMillis()
                    : remainingAt(policyId, event.getMetric(), event.getDueAt(), at, remaining);
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
                event.getTargetStatusId());
        return new SlaSummary(policyId, revision, pausedAt, replace(base.targets(), target));
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
                .orElseGet(() -> new Target(
                        event.getMetric(), null, null, null, null, null, null, null, null, event.getTargetStatusId()))
                .with(event.getDueAt(), event.getWarnAt());
        target = switch (event.getKind()) {
            case WARNING ->
                new Target(
                        target.metric(),
                        target.dueAt(),
                        target.warnAt(),
                        at,
                        target.breachedAt(),
                        target.metAt(),
                        target.pausedAt(),
                        target.pausedRemainingMillis(),
                        target.metRemainingMillis(),
                        target.targetStatusId());
            case BREACH ->
                new Target(
                        target.metric(),
                        target.dueAt(),
                        target.warnAt(),
                        target.warnedAt(),
                        at,
                        target.metAt(),
                        target.pausedAt(),
                        target.pausedRemainingMillis(),
                        target.metRemainingMillis(),
                        target.targetStatusId());
            default ->
                new Target(
                        target.metric(),
                        target.dueAt(),
                        target.warnAt(),
                        target.warnedAt(),
                        target.breachedAt(),
                        at,
                        null,
                        null,
                        event.getRemainingBusinessMillis() != null
                                ? event.getRemainingBusinessMillis()
                                : remainingAt(base.policyId(), target.metric(), target.dueAt(), at, remaining),
                        target.targetStatusId());
        };
        return new SlaSummary(base.policyId(), base.policyRevision(), base.pausedAt(), replace(base.targets(), target));
    }

    private static SlaSummary paused(SlaSummary current, Instant at, RemainingTime remaining) {
        if (current.paused()) {
            return current;
        }
        List<Target> targets = current.targets().stream()
                .map(target -> target.metAt() != null
                        ? target
                        : new Target(
                                target.metric(),
                                target.dueAt(),
                                target.warnAt(),
                                target.warnedAt(),
                                target.breachedAt(),
                                null,
                                at,
                                remainingAt(current.policyId(), target.metric(), target.dueAt(), at, remaining),
                                null,
                                target.targetStatusId()))
                .toList();
        return new SlaSummary(current.policyId(), current.policyRevision(), at, targets);
    }

    private static SlaSummary resumed(SlaSummary current) {
        List<Target> targets = current.targets().stream()
                .map(target -> new Target(
                        target.metric(),
                        target.dueAt(),
                        target.warnAt(),
                        target.warnedAt(),
                        target.breachedAt(),
                        target.metAt(),
                        null,
                        null,
                        target.metRemainingMillis(),
                        target.targetStatusId()))
                .toList();
        return new SlaSummary(current.policyId(), current.policyRevision(), null, targets);
    }

    private static Long remainingAt(
            String policyId, SlaMetric metric, Instant dueAt, Instant at, RemainingTime remaining) {
        return dueAt == null ? null : remaining.millis(policyId, metric, dueAt, at);
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
