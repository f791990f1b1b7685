package dev.helpstream.sla.clock;

import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.BusinessCalendar;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.event.MarkedNotSpam;
import dev.helpstream.schema.event.MarkedSpam;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.PriorityChanged;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketAssigned;
import dev.helpstream.schema.event.TicketCaptured;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketDeleted;
import dev.helpstream.schema.event.TicketMerged;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.schema.event.TicketTransferred;
import dev.helpstream.schema.event.TypeChanged;
import dev.helpstream.schema.internal.SlaClockState;
import dev.helpstream.schema.internal.SlaClockTarget;
import dev.helpstream.schema.internal.SlaPause;
import dev.helpstream.sla.calendar.BusinessTime;
import dev.helpstream.sla.charter.Charters;
import dev.helpstream.sla.charter.Deadlines;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SLA clock engine: a ticket's clocks and inactivity timers as a pure function of its events,
 * their record times and the configuration.
 *
 * <p>Input: a ticket's {@link SlaClockState} (null before its {@code TicketOpened}), one {@link
 * TicketEvent} with its record time ({@link #apply}), or an instant up to which deadlines fire
 * ({@link #fire}). Output: the new state and the {@link SlaEvent}s, in order; {@link #deadlines}
 * lists what a scheduler must wake the ticket for. Invariant: nothing reads a clock, so the same
 * events at the same record times under the same configuration give the same SlaEvents, ids
 * included; sla-stream runs it live and the gateway's what-if replays a history through it against
 * a draft policy.
 *
 * <p>Rules (see {@code docs/architecture.md}, "The SLA clocks"):
 *
 * <ul>
 *   <li>Clocks start at {@code TicketOpened} under the policy {@link Charters#select} picks; a
 *       transfer, a priority or type change, a reopen and an undone spam marking re-select, and a
 *       different policy (or revision) re-times every running target from its own start with the
 *       pauses left out ({@code TARGETS_SET} with the rule in the note; a running metric the new
 *       policy lacks is {@code CLEARED} with its metric; no policy at all: one policy-wide {@code
 *       CLEARED}). A re-timed target keeps its warning and breach: once breached it stays breached.
 *       The policy's business calendar is snapshotted with it and re-read at the same points (a
 *       changed calendar re-times like a new revision), so due times and elapsed time count on one
 *       calendar; a missing or invalid one counts 24x7, with a warning once per calendar id.
 *   <li>A status in the policy's {@code pauseOnStatusIds} pauses every clock ({@code PAUSED}); leaving
 *       it resumes them ({@code RESUMED}, then {@code TARGETS_SET} with the new due times).
 *   <li>First response: met by the first public staff reply. Next response: starts with a customer
 *       message (not machine mail) that follows a staff reply, met by the next staff reply.
 *       Resolution: met when the status's lifecycle becomes RESOLVED or the ticket closes; a reopen
 *       restarts it, or continues it when the policy's {@code reopenRestartsResolution} is false.
 *       Status reached: met when the ticket's status becomes the target's status.
 *   <li>Warning at the policy's {@code warningPercent} (80 when outside 1..99), breach once the
 *       due time has passed (an event at the due millisecond is in time); a met target fires
 *       neither. A target has one outcome: {@code MET} carries {@code late=true} when its breach
 *       went out or it was met after its due time.
 *   <li>Closed: the remaining clocks are {@code CLEARED}, and the state keeps only what a reopen,
 *       the reopen window and the auto-close need (no policy, calendar, pauses or targets; a reopen
 *       selects the policy again). Spam: everything stops. Deleted or merged: everything stops and
 *       the state goes ({@link Step#state()} null), so later events of the ticket are ignored.
 *   <li>Auto-close: a ticket waiting on the customer (lifecycle WAITING_ON_CUSTOMER or RESOLVED)
 *       without any event for {@code autoCloseInactiveDays} gets {@code AUTO_CLOSE_DUE}; reopen
 *       window: {@code REOPEN_WINDOW_EXPIRED} {@code reopenWindowDays} after the close (only for a
 *       positive number). A ticket event arms them under the settings of its time; when they fire
 *       they are judged again under the settings as they are then (0: dropped; a longer period:
 *       moved), and {@link #rearmTimers} re-arms them once after the settings change.
 * </ul>
 *
 * <p>Not thread-safe (it caches calendar arithmetic); one instance per stream task.
 */
public final class SlaClockEngine {

    /** What applying an event or firing deadlines gives: the new state and the SLA events. */
    public record Step(SlaClockState state, List<SlaEvent> events) {

        public Step {
            events = List.copyOf(events);
        }
    }

    /**
     * An instant at which the ticket's state must be fired: a warning, a breach or a timer.
     *
     * @param what what fires, unique within the ticket, e.g. {@code WARNING:FIRST_RESPONSE}
     */
    public record Deadline(Instant at, String what) {}

    private static final Logger log = LoggerFactory.getLogger(SlaClockEngine.class);
    private static final int MAX_CACHED_CALENDARS = 64;

    private final SlaConfig config;
    private final Map<BusinessCalendar, Optional<BusinessTime>> calendars = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BusinessCalendar, Optional<BusinessTime>> eldest) {
            return size() > MAX_CACHED_CALENDARS;
        }
    };

    private final Set<String> warnedCalendars = new HashSet<>();

    public SlaClockEngine(SlaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Applies one ticket event at its record time. Deadlines due before {@code at} fire first, then
     * the event applies, then deadlines it made due already (a stricter policy) fire. A deadline at
     * {@code at} itself waits: an event at the due millisecond is in time.
     *
     * @param state the ticket's state, or null when none exists yet (only {@code TicketOpened}
     *     creates one; other events of an unknown ticket are ignored)
     */
    public Step apply(SlaClockState state, TicketEvent event, Instant at) {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
        if (state == null) {
            if (!(event.getPayload() instanceof TicketOpened opened)) {
                return new Step(null, List.of());
            }
            Run run = new Run(opened(event, opened, at), at, event.getEventId());
            run.open(opened);
            run.afterEvent(event);
            return run.step();
        }
        if (event.getVersion() <= state.getVersion() || event.getPayload() instanceof TicketOpened) {
            // Already applied (a redelivery) or a second opening of the same id: nothing changes.
            return new Step(state, List.of());
        }
        Run run = new Run(state, at, null);
        run.fireBefore(at);
        run.cause = event.getEventId();
        run.handle(event.getPayload());
        run.afterEvent(event);
        return run.step();
    }

    /** Fires every deadline of the ticket due at or before {@code upTo}, in time order. */
    public Step fire(SlaClockState state, Instant upTo) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(upTo, "upTo");
        Run run = new Run(state, upTo, null);
        run.fireUpTo(upTo);
        return run.step();
    }

    /**
     * Re-arms the ticket's inactivity timers under the settings as they are now, once after an
     * admin changed them: a ticket waiting on the customer gets its auto-close at last activity + N
     * (none for 0), a closed one its reopen window at close + N (none for 0 or -1). A window that
     * is over already by {@code now} and was not pending stays unannounced: it ended before the
     * change was seen, and old closed tickets must not all announce one. Emits nothing; a timer
     * re-armed into the past fires at the next {@link #fire}.
     *
     * @return the state with its timers re-armed, or {@code state} itself when nothing changes
     */
    public SlaClockState rearmTimers(SlaClockState state, Instant now) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        HelpdeskSettings settings = config.settings();
        Instant autoClose = autoCloseAt(state, settings.getAutoCloseInactiveDays());
        Instant reopenWindow = reopenWindowAt(state, settings.getReopenWindowDays());
        if (reopenWindow != null && state.getReopenWindowAt() == null && !reopenWindow.isAfter(now)) {
            reopenWindow = null;
        }
        if (Objects.equals(autoClose, state.getAutoCloseAt())
                && Objects.equals(reopenWindow, state.getReopenWindowAt())) {
            return state;
        }
        return SlaClockState.newBuilder(state)
                .setAutoCloseAt(autoClose)
                .setReopenWindowAt(reopenWindow)
                .build();
    }

    /**
     * When the inactivity auto-close is due: last activity + {@code days} for an open ticket waiting
     * on the customer (lifecycle WAITING_ON_CUSTOMER or RESOLVED); null otherwise or for 0 days.
     */
    private static Instant autoCloseAt(SlaClockState.Builder state, int days) {
        return autoCloseAt(state.getLifecycle(), state.getClosedAt(), state.getLastActivityAt(), days);
    }

    private static Instant autoCloseAt(SlaClockState state, int days) {
        return autoCloseAt(state.getLifecycle(), state.getClosedAt(), state.getLastActivityAt(), days);
    }

    private static Instant autoCloseAt(LifecycleState lifecycle, Instant closedAt, Instant lastActivityAt, int days) {
        boolean waitsOnCustomer =
                lifecycle == LifecycleState.WAITING_ON_CUSTOMER || lifecycle == LifecycleState.RESOLVED;
        return days > 0 && closedAt == null && waitsOnCustomer ? lastActivityAt.plus(Duration.ofDays(days)) : null;
    }

    /** When a closed ticket's reopen window expires: close + {@code days}; null when open, or for 0 or -1. */
    private static Instant reopenWindowAt(SlaClockState.Builder state, int days) {
        return reopenWindowAt(state.getClosedAt(), days);
    }

    private static Instant reopenWindowAt(SlaClockState state, int days) {
        return reopenWindowAt(state.getClosedAt(), days);
    }

    private static Instant reopenWindowAt(Instant closedAt, int days) {
        return days > 0 && closedAt != null ? closedAt.plus(Duration.ofDays(days)) : null;
    }

    /** The ticket's pending deadlines: unfired warnings and breaches, auto-close, reopen window. */
    public static List<Deadline> deadlines(SlaClockState state) {
        if (state == null) {
            return List.of();
        }
        List<Deadline> deadlines = new ArrayList<>();
        for (SlaClockTarget target : state.getTargets()) {
            if (!target.getWarned() && target.getWarnAt() != null) {
                deadlines.add(new Deadline(target.getWarnAt(), SlaEventKind.WARNING + ":" + key(target)));
            }
            if (!target.getBreached() && target.getDueAt() != null) {
                deadlines.add(new Deadline(target.getDueAt(), SlaEventKind.BREACH + ":" + key(target)));
            }
        }
        if (state.getAutoCloseAt() != null) {
            deadlines.add(new Deadline(state.getAutoCloseAt(), SlaEventKind.AUTO_CLOSE_DUE.name()));
        }
        if (state.getReopenWindowAt() != null) {
            deadlines.add(new Deadline(state.getReopenWindowAt(), SlaEventKind.REOPEN_WINDOW_EXPIRED.name()));
        }
        return deadlines;
    }

    private static SlaClockState opened(TicketEvent event, TicketOpened opened, Instant at) {
        return SlaClockState.newBuilder()
                .setTicketId(event.getTicketId())
                .setTicketNumber(event.getTicketNumber())
                .setVersion(event.getVersion())
                .setDepartmentId(opened.getDepartmentId())
                .setTypeId(opened.getTypeId())
                .setPriorityId(opened.getPriorityId())
                .setStatusId(opened.getStatusId())
                .setLifecycle(opened.getLifecycle())
                .setAssigneeId(opened.getAssigneeId())
                .setOpenedAt(at)
                .setLastActivityAt(at)
                .setSpam(opened.getSpam())
                .setResolutionStartedAt(at)
                .setReachedStatusIds(List.of(opened.getStatusId()))
                .build();
    }

    /** The target's identity within a ticket: its metric, and its status for STATUS_REACHED. */
    private static String key(SlaMetric metric, String statusId) {
        return metric == SlaMetric.STATUS_REACHED ? metric + ":" + statusId : metric.name();
    }

    private static String key(SlaClockTarget target) {
        return key(target.getMetric(), target.getStatusId());
    }

    private static String key(SlaClockTarget.Builder target) {
        return key(target.getMetric(), target.getStatusId());
    }

    /**
     * The measure of a target: the working time of the calendar snapshotted with its policy, or
     * wall-clock time (24x7) for a wall-clock target, a policy without a calendar, and a calendar
     * that was missing or is invalid (warned once per calendar id).
     */
    private RunningTime.Measure measure(SlaPolicy policy, BusinessCalendar calendar, SlaTarget target) {
        String calendarId = policy.getCalendarId();
        if (!target.getBusinessTime() || calendarId == null) {
            return RunningTime.Measure.WALL_CLOCK;
        }
        if (calendar == null) {
            warnOnce(calendarId, "is not configured");
            return RunningTime.Measure.WALL_CLOCK;
        }
        return calendars
                .computeIfAbsent(calendar, SlaClockEngine::businessTime)
                .map(RunningTime.Measure::of)
                .orElseGet(() -> {
                    warnOnce(calendarId, "is invalid or has no working time");
                    return RunningTime.Measure.WALL_CLOCK;
                });
    }

    /** A broken calendar would otherwise warn on every record of every ticket under it. */
    private void warnOnce(String calendarId, String problem) {
        if (warnedCalendars.add(calendarId)) {
            log.warn(
                    "Business calendar {} of an SLA policy {}: its business-time targets count 24x7 until the"
                            + " policy is re-applied with a valid calendar",
                    calendarId,
                    problem);
        }
    }

    /**
     * The calendar's arithmetic, or empty (counted 24x7) when it is invalid or has no working time:
     * a broken calendar must not stop every ticket's clocks.
     */
    private static Optional<BusinessTime> businessTime(BusinessCalendar calendar) {
        try {
            BusinessTime time = BusinessTime.from(calendar);
            time.plus(Instant.EPOCH, Duration.ofMinutes(1));
            return Optional.of(time);
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.debug("Business calendar {} is unusable: {}", calendar.getName(), e.getMessage());
            return Optional.empty();
        }
    }

    /** The calendar a policy counts business time on, as configured now; null without one. */
    private BusinessCalendar calendarOf(SlaPolicy policy) {
        return policy.getCalendarId() == null
                ? null
                : config.calendar(policy.getCalendarId()).orElse(null);
    }

    private static Duration allowed(SlaTarget target) {
        return Duration.ofMinutes(Math.max(0, target.getDurationMinutes()));
    }

    private static Duration warningShare(SlaPolicy policy, SlaTarget target) {
        int percent = policy.getWarningPercent();
        if (percent < 1 || percent > 99) {
            percent = Deadlines.DEFAULT_WARNING_PERCENT;
        }
        return allowed(target).multipliedBy(percent).dividedBy(100);
    }

    /** One application of an event or of the timers to one ticket's state. */
    private final class Run {

        final SlaClockState.Builder state;
        final List<SlaClockTarget.Builder> targets = new ArrayList<>();
        final List<SlaPause> pauses;
        final List<SlaEvent> out = new ArrayList<>();
        final Set<String> ids = new HashSet<>();
        final Instant at;
        String cause;
        /** Deleted or merged by the event at hand: the ticket's state goes (see {@link #step}). */
        boolean ended;

        Run(SlaClockState current, Instant at, String cause) {
            this.state = SlaClockState.newBuilder(current);
            for (SlaClockTarget target : current.getTargets()) {
                targets.add(SlaClockTarget.newBuilder(target));
            }
            this.pauses = new ArrayList<>(current.getPauses());
            this.at = at;
            this.cause = cause;
        }

        /** The new state; none for a ticket that ended, so its store entry is deleted. */
        Step step() {
            if (ended) {
                return new Step(null, out);
            }
            state.setTargets(targets.stream().map(SlaClockTarget.Builder::build).toList());
            state.setPauses(List.copyOf(pauses));
            return new Step(state.build(), out);
        }

        // --- ticket events -------------------------------------------------------------------

        void open(TicketOpened opened) {
            if (!opened.getSpam()) {
                select().ifPresent(selected -> switchTo(selected, "ticket opened"));
            }
        }

        void handle(Object payload) {
            if (payload instanceof MessageAdded message) {
                message(message);
            } else if (payload instanceof StatusChanged changed) {
                statusChanged(changed);
            } else if (payload instanceof TicketClosed closed) {
                closed(closed);
            } else if (payload instanceof TicketReopened reopened) {
                reopened(reopened);
            } else if (payload instanceof TicketTransferred transferred) {
                state.setDepartmentId(transferred.getToDepartmentId());
                reevaluate("re-evaluated after transfer");
            } else if (payload instanceof PriorityChanged changed) {
                state.setPriorityId(changed.getToPriorityId());
                reevaluate("re-evaluated after priority change");
            } else if (payload instanceof TypeChanged changed) {
                state.setTypeId(changed.getToTypeId());
                reevaluate("re-evaluated after type change");
            } else if (payload instanceof TicketAssigned assigned) {
                state.setAssigneeId(assigned.getToAgentId());
            } else if (payload instanceof TicketCaptured captured) {
                state.setAssigneeId(captured.getAgentId());
            } else if (payload instanceof MarkedSpam) {
                state.setSpam(true);
                stopAll("ticket marked as spam");
                state.setPolicyId(null).setPolicyRevision(null).setPolicy(null).setCalendar(null);
            } else if (payload instanceof MarkedNotSpam) {
                state.setSpam(false);
                reevaluate("re-evaluated after the spam marking was undone");
            } else if (payload instanceof TicketDeleted) {
                end("ticket deleted");
            } else if (payload instanceof TicketMerged merged) {
                end("ticket merged into #" + merged.getIntoTicketNumber());
            }
        }

        void message(MessageAdded message) {
            if (message.getDirection() == MessageDirection.OUTBOUND
                    && isStaff(message.getAuthor().getKind())) {
                if (state.getFirstResponseAt() == null) {
                    state.setFirstResponseAt(at);
                }
                meet(SlaMetric.FIRST_RESPONSE, null, "first public staff reply");
                meet(SlaMetric.NEXT_RESPONSE, null, "staff replied");
                state.setCustomerWaitingSince(null);
                state.setAwaitingCustomer(true);
            } else if (message.getDirection() == MessageDirection.INBOUND && message.getAutoReplyAllowed()) {
                if (state.getAwaitingCustomer()
                        && state.getCustomerWaitingSince() == null
                        && state.getClosedAt() == null) {
                    state.setCustomerWaitingSince(at);
                    startMissing("customer replied");
                }
                state.setAwaitingCustomer(false);
            }
        }

        void statusChanged(StatusChanged changed) {
            state.setStatusId(changed.getToStatusId()).setLifecycle(changed.getToLifecycle());
            reached(changed.getToStatusId());
            boolean resolvedNow = isResolved(changed.getToLifecycle());
            if (resolvedNow) {
                resolve("ticket resolved");
            }
            boolean reopenedNow =
                    !resolvedNow && isResolved(changed.getFromLifecycle()) && state.getResolvedElapsedMillis() != null;
            String reason = reopenedNow ? continueResolution(state.getPolicy()) : null;
            syncPause("status " + changed.getToStatusId());
            if (reason != null) {
                startMissing(reason);
            }
        }

        void closed(TicketClosed closed) {
            state.setStatusId(closed.getToStatusId()).setLifecycle(LifecycleState.CLOSED);
            reached(closed.getToStatusId());
            resolve("ticket closed");
            if (!targets.isEmpty()) {
                emit(policyWide(SlaEventKind.CLEARED, "ticket closed; not applicable any more: " + metricsOf(targets)));
                // A closed ticket owes neither a response nor a status any more, even once reopened:
                // only its resolution clock runs again.
                targets.stream()
                        .filter(target -> target.getMetric() == SlaMetric.STATUS_REACHED)
                        .forEach(target -> addReached(target.getStatusId()));
                targets.clear();
            }
            if (state.getFirstResponseAt() == null) {
                state.setFirstResponseAt(at);
            }
            state.setCustomerWaitingSince(null);
            endPause();
            state.setClosedAt(at);
            state.setReopenWindowAt(reopenWindowAt(state, config.settings().getReopenWindowDays()));
            // A closed ticket keeps what a reopen, its reopen window and the auto-close need; the
            // policy and its calendar are selected again at the reopen (the id and revision stay
            // to tell whether the same one applies), pauses go in afterEvent.
            state.setPolicy(null).setCalendar(null);
        }

        void reopened(TicketReopened reopened) {
            state.setClosedAt(null).setReopenWindowAt(null);
            state.setStatusId(reopened.getToStatusId())
                    .setLifecycle(config.lifecycleOf(reopened.getToStatusId()).orElse(LifecycleState.OPEN));
            reached(reopened.getToStatusId());
            // The closed state kept only the policy's id and revision: the same revision selected
            // again applies as it was (its calendar as it is now); another one re-times below.
            Optional<Charters.Selected> selected = state.getSpam() ? Optional.empty() : select();
            selected.filter(this::isApplied)
                    .ifPresent(same -> state.setPolicy(same.policy()).setCalendar(calendarOf(same.policy())));
            String reason = state.getResolvedElapsedMillis() != null
                    ? continueResolution(selected.map(Charters.Selected::policy).orElse(null))
                    : "reopened";
            if (!reevaluate("re-evaluated after reopen")) {
                syncPause("status " + reopened.getToStatusId());
                startMissing(reason);
            }
        }

        /** Deleted or merged: every clock and timer stops for good, and the state goes. */
        void end(String why) {
            stopAll(why);
            ended = true;
            state.setReopenWindowAt(null).setAutoCloseAt(null);
        }

        void afterEvent(TicketEvent event) {
            state.setVersion(event.getVersion()).setLastActivityAt(at);
            state.setAutoCloseAt(
                    ended ? null : autoCloseAt(state, config.settings().getAutoCloseInactiveDays()));
            if (state.getClosedAt() != null || ended) {
                pauses.clear();
            }
            // A target re-timed under a stricter policy may be due already.
            String eventCause = cause;
            cause = null;
            fireBefore(at);
            cause = eventCause;
        }

        // --- policies ------------------------------------------------------------------------

        Optional<Charters.Selected> select() {
            Map<String, ConfigEntity> entities = config.policyEntities();
            Map<String, SlaPolicy> policies = new LinkedHashMap<>();
            entities.forEach((id, entity) -> policies.put(id, (SlaPolicy) entity.getPayload()));
            return Charters.select(
                    policies, state.getDepartmentId(), state.getTypeId(), state.getPriorityId(), config::priorityRank);
        }

        /** Whether {@code selected} is the policy the ticket ran under, at the same revision. */
        boolean isApplied(Charters.Selected selected) {
            return selected.policyId().equals(state.getPolicyId())
                    && Objects.equals(revisionOf(selected.policyId()), state.getPolicyRevision());
        }

        long revisionOf(String policyId) {
            ConfigEntity entity = config.policyEntities().get(policyId);
            return entity == null ? 0 : entity.getRevision();
        }

        /**
         * Selects the policy again; when another one (or another revision) applies, switches to it.
         *
         * @return whether anything changed
         */
        boolean reevaluate(String reason) {
            if (ended || state.getSpam() || state.getClosedAt() != null) {
                return false;
            }
            Optional<Charters.Selected> selected = select();
            if (selected.isEmpty()) {
                if (state.getPolicyId() == null) {
                    return false;
                }
                emit(policyWide(SlaEventKind.CLEARED, "no policy applies any more; " + reason));
                targets.clear();
                state.setPausedSince(null);
                pauses.clear();
                state.setPolicyId(null).setPolicyRevision(null).setPolicy(null).setCalendar(null);
                return true;
            }
            String id = selected.get().policyId();
            // The calendar is part of what applies: due times and elapsed time must count on one.
            if (id.equals(state.getPolicyId())
                    && Objects.equals(revisionOf(id), state.getPolicyRevision())
                    && Objects.equals(calendarOf(selected.get().policy()), state.getCalendar())) {
                return false;
            }
            switchTo(selected.get(), reason);
            return true;
        }

        /** Applies a policy: running targets re-timed under it, those it lacks cleared, new ones started. */
        void switchTo(Charters.Selected selected, String reason) {
            SlaPolicy policy = selected.policy();
            Map<String, SlaClockTarget.Builder> previous = new LinkedHashMap<>();
            targets.forEach(target -> previous.put(key(target), target));
            List<SlaClockTarget.Builder> next = runningTargetsOf(policy);
            Set<String> nextKeys = new HashSet<>();
            next.forEach(target -> nextKeys.add(key(target)));
            for (SlaClockTarget.Builder old : previous.values()) {
                if (!nextKeys.contains(key(old))) {
                    // Under the policy that ran it, before the new one takes over.
                    emit(event(SlaEventKind.CLEARED, old)
                            .setNote("policy \"" + policy.getName() + "\" has no " + key(old) + " target; " + reason)
                            .build());
                }
            }
            state.setPolicyId(selected.policyId())
                    .setPolicyRevision(revisionOf(selected.policyId()))
                    .setPolicy(policy)
                    .setCalendar(calendarOf(policy));
            targets.clear();
            syncPause("status " + state.getStatusId());
            for (SlaClockTarget.Builder target : next) {
                SlaClockTarget.Builder old = previous.get(key(target));
                schedule(target);
                if (old != null) {
                    // A warning or a breach once out stands: re-timing moves the due time (shown on
                    // TARGETS_SET), never what the target was told, so it fires neither again and
                    // a breached target met later is late.
                    target.setWarned(old.getWarned());
                    target.setBreached(old.getBreached());
                }
                targets.add(target);
                emit(targetsSet(target, reason));
            }
        }

        /** Starts the policy's targets that should run and do not (a next response, a reopened resolution). */
        void startMissing(String reason) {
            SlaPolicy policy = state.getPolicy();
            if (policy == null) {
                return;
            }
            Set<String> running = new HashSet<>();
            targets.forEach(target -> running.add(key(target)));
            for (SlaClockTarget.Builder target : runningTargetsOf(policy)) {
                if (running.contains(key(target))) {
                    continue;
                }
                schedule(target);
                if (target.getCarriedMillis() > 0) {
                    // Continued: what it had already fired before the reopen is not fired again. A
                    // clock reopened into a pause has no deadlines yet: judge by the time it carries.
                    if (target.getDueAt() != null) {
                        target.setWarned(!after(target.getWarnAt(), at));
                        target.setBreached(!after(target.getDueAt(), at));
                    } else {
                        Optional<SlaTarget> configured = configured(target);
                        long carried = target.getCarriedMillis();
                        target.setWarned(configured.isPresent()
                                && carried
                                        >= warningShare(policy, configured.get())
                                                .toMillis());
                        target.setBreached(configured.isPresent()
                                && carried >= allowed(configured.get()).toMillis());
                    }
                }
                targets.add(target);
                emit(targetsSet(target, reason));
            }
        }

        /** The policy's targets that run for the ticket as it stands, unscheduled, in policy order. */
        List<SlaClockTarget.Builder> runningTargetsOf(SlaPolicy policy) {
            List<SlaClockTarget.Builder> running = new ArrayList<>();
            if (state.getClosedAt() != null || ended || state.getSpam()) {
                return running;
            }
            Set<String> seen = new HashSet<>();
            for (SlaTarget target : policy.getTargets()) {
                if (target.getMetric() == SlaMetric.UNKNOWN
                        || (target.getMetric() == SlaMetric.STATUS_REACHED && target.getStatusId() == null)
                        || !seen.add(key(target.getMetric(), target.getStatusId()))) {
                    continue;
                }
                SlaClockTarget.Builder clock = SlaClockTarget.newBuilder()
                        .setMetric(target.getMetric())
                        .setStatusId(target.getMetric() == SlaMetric.STATUS_REACHED ? target.getStatusId() : null);
                switch (target.getMetric()) {
                    case FIRST_RESPONSE -> {
                        if (state.getFirstResponseAt() == null) {
                            running.add(clock.setStartedAt(state.getOpenedAt()));
                        }
                    }
                    case NEXT_RESPONSE -> {
                        if (state.getCustomerWaitingSince() != null) {
                            running.add(clock.setStartedAt(state.getCustomerWaitingSince()));
                        }
                    }
                    case RESOLUTION -> {
                        if (state.getResolvedElapsedMillis() == null) {
                            running.add(clock.setStartedAt(state.getResolutionStartedAt())
                                    .setCarriedMillis(state.getResolutionCarriedMillis()));
                        }
                    }
                    case STATUS_REACHED -> {
                        if (!state.getReachedStatusIds().contains(target.getStatusId())) {
                            running.add(clock.setStartedAt(state.getOpenedAt()));
                        }
                    }
                    default -> {}
                }
            }
            return running;
        }

        // --- clocks ----------------------------------------------------------------------------

        Optional<SlaTarget> configured(SlaClockTarget.Builder target) {
            SlaPolicy policy = state.getPolicy();
            if (policy == null) {
                return Optional.empty();
            }
            return policy.getTargets().stream()
                    .filter(candidate ->
                            key(candidate.getMetric(), candidate.getStatusId()).equals(key(target)))
                    .findFirst();
        }

        RunningTime runningTime(SlaClockTarget.Builder target, RunningTime.Measure measure) {
            return new RunningTime(
                    measure,
                    target.getStartedAt(),
                    Duration.ofMillis(target.getCarriedMillis()),
                    pauses,
                    state.getPausedSince());
        }

        RunningTime runningTime(SlaClockTarget.Builder target) {
            SlaTarget configured = configured(target).orElseThrow();
            return runningTime(target, measure(state.getPolicy(), state.getCalendar(), configured));
        }

        /**
         * Sets the target's due and warning instants; both null while the clocks are paused, and when
         * the calendar has no room for the target (a duration of many years in business time): such a
         * target runs without a due time rather than failing the ticket's event.
         */
        void schedule(SlaClockTarget.Builder target) {
            SlaTarget configured = configured(target).orElseThrow();
            RunningTime time = runningTime(target);
            try {
                target.setDueAt(time.reached(allowed(configured)).orElse(null));
                target.setWarnAt(time.reached(warningShare(state.getPolicy(), configured))
                        .orElse(null));
            } catch (IllegalStateException unreachable) {
                log.warn(
                        "Ticket {}: the {} target of policy {} has no due time: {}",
                        state.getTicketId(),
                        key(target),
                        state.getPolicyId(),
                        unreachable.getMessage());
                target.setDueAt(null).setWarnAt(null);
            }
        }

        Duration remaining(SlaClockTarget.Builder target, Instant when) {
            SlaTarget configured = configured(target).orElseThrow();
            return allowed(configured).minus(runningTime(target).elapsed(when));
        }

        void meet(SlaMetric metric, String statusId, String how) {
            String wanted = key(metric, statusId);
            for (int i = 0; i < targets.size(); i++) {
                SlaClockTarget.Builder target = targets.get(i);
                if (key(target).equals(wanted)) {
                    Duration elapsed = runningTime(target).elapsed(at);
                    Duration remaining =
                            allowed(configured(target).orElseThrow()).minus(elapsed);
                    // A target has one outcome: once its breach went out, it is late whatever time
                    // a later re-timing left it.
                    boolean late = target.getBreached() || remaining.isNegative();
                    emit(event(SlaEventKind.MET, target)
                            .setElapsedBusinessMillis(elapsed.toMillis())
                            .setRemainingBusinessMillis(remaining.toMillis())
                            .setLate(late)
                            .setNote(how)
                            .build());
                    targets.remove(i);
                    return;
                }
            }
        }

        /** The resolution clock stops: met when it runs as a target, remembered for a reopen in any case. */
        void resolve(String how) {
            if (state.getResolvedElapsedMillis() != null) {
                return;
            }
            SlaClockTarget.Builder resolution = targets.stream()
                    .filter(target -> target.getMetric() == SlaMetric.RESOLUTION)
                    .findFirst()
                    .orElse(null);
            Duration elapsed;
            if (resolution != null) {
                elapsed = runningTime(resolution).elapsed(at);
                meet(SlaMetric.RESOLUTION, null, how);
            } else {
                elapsed = new RunningTime(
                                RunningTime.Measure.WALL_CLOCK,
                                state.getResolutionStartedAt(),
                                Duration.ofMillis(state.getResolutionCarriedMillis()),
                                pauses,
                                state.getPausedSince())
                        .elapsed(at);
            }
            state.setResolvedElapsedMillis(elapsed.toMillis());
        }

        /**
         * The resolution clock runs again after a reopen: from zero, or from the time it had counted
         * when {@code policy} (the one that applies now) says a reopen does not restart it.
         *
         * @return the reason for its {@code TARGETS_SET}
         */
        String continueResolution(SlaPolicy policy) {
            boolean restart = policy == null || policy.getReopenRestartsResolution();
            state.setResolutionStartedAt(at)
                    .setResolutionCarriedMillis(restart ? 0 : state.getResolvedElapsedMillis())
                    .setResolvedElapsedMillis(null);
            return restart ? "resolution restarted after reopen" : "resolution continued after reopen";
        }

        void reached(String statusId) {
            addReached(statusId);
            meet(SlaMetric.STATUS_REACHED, statusId, "status " + statusId + " reached");
        }

        void addReached(String statusId) {
            if (!state.getReachedStatusIds().contains(statusId)) {
                List<String> reached = new ArrayList<>(state.getReachedStatusIds());
                reached.add(statusId);
                state.setReachedStatusIds(reached);
            }
        }

        /** Pauses or resumes the clocks as the applied policy says for the current status. */
        void syncPause(String why) {
            SlaPolicy policy = state.getPolicy();
            boolean pause = policy != null
                    && state.getClosedAt() == null
                    && policy.getPauseOnStatusIds().contains(state.getStatusId());
            if (pause && state.getPausedSince() == null) {
                state.setPausedSince(at);
                targets.forEach(target -> target.setDueAt(null).setWarnAt(null));
                emit(policyWide(SlaEventKind.PAUSED, why + " pauses policy \"" + policy.getName() + "\""));
            } else if (!pause && state.getPausedSince() != null) {
                endPause();
                if (policy == null) {
                    return;
                }
                emit(policyWide(SlaEventKind.RESUMED, why + " resumes policy \"" + policy.getName() + "\""));
                for (SlaClockTarget.Builder target : targets) {
                    schedule(target);
                    emit(targetsSet(target, "resumed after " + why));
                }
            }
        }

        void endPause() {
            if (state.getPausedSince() != null) {
                if (at.isAfter(state.getPausedSince())) {
                    pauses.add(new SlaPause(state.getPausedSince(), at));
                }
                state.setPausedSince(null);
            }
        }

        /** Stops every clock with one policy-wide CLEARED (when any ran) and forgets the pauses. */
        void stopAll(String why) {
            if (!targets.isEmpty() || state.getPausedSince() != null) {
                emit(policyWide(SlaEventKind.CLEARED, why));
            }
            targets.clear();
            state.setPausedSince(null);
            pauses.clear();
        }

        // --- timers ----------------------------------------------------------------------------

        /** Fires the ticket's deadlines due at or before {@code upTo}, oldest first. */
        void fireUpTo(Instant upTo) {
            fire(deadline -> deadline != null && !deadline.isAfter(upTo));
        }

        /** Fires the ticket's deadlines due before {@code at}, oldest first. */
        void fireBefore(Instant at) {
            fire(deadline -> deadline != null && deadline.isBefore(at));
        }

        /**
         * Fires the earliest due deadline until none is due; one at a time, as firing an inactivity
         * timer may re-arm it later (the settings changed since it was armed).
         */
        private void fire(Predicate<Instant> isDue) {
            for (Runnable next = earliestDue(isDue); next != null; next = earliestDue(isDue)) {
                next.run();
            }
        }

        private Runnable earliestDue(Predicate<Instant> isDue) {
            record Due(Instant at, int order, Runnable fire) {}
            List<Due> due = new ArrayList<>();
            int order = 0;
            for (SlaClockTarget.Builder target : targets) {
                if (!target.getWarned() && isDue.test(target.getWarnAt())) {
                    due.add(new Due(target.getWarnAt(), order++, () -> deadline(SlaEventKind.WARNING, target)));
                }
                if (!target.getBreached() && isDue.test(target.getDueAt())) {
                    due.add(new Due(target.getDueAt(), order++, () -> deadline(SlaEventKind.BREACH, target)));
                }
            }
            Instant autoClose = state.getAutoCloseAt();
            if (isDue.test(autoClose)) {
                due.add(new Due(autoClose, order++, this::autoCloseDue));
            }
            Instant reopenWindow = state.getReopenWindowAt();
            if (isDue.test(reopenWindow)) {
                due.add(new Due(reopenWindow, order++, this::reopenWindowExpired));
            }
            return due.stream()
                    .min(Comparator.comparing(Due::at).thenComparingInt(Due::order))
                    .map(Due::fire)
                    .orElse(null);
        }

        void deadline(SlaEventKind kind, SlaClockTarget.Builder target) {
            Instant when = kind == SlaEventKind.WARNING ? target.getWarnAt() : target.getDueAt();
            if (kind == SlaEventKind.WARNING) {
                target.setWarned(true);
            } else {
                target.setBreached(true);
            }
            emit(timer(kind, when, target)
                    .setRemainingBusinessMillis(remaining(target, when).toMillis())
                    .build());
        }

        /**
         * The inactivity timer, judged by the settings as they are now, as routing judges the
         * {@code AUTO_CLOSE_DUE} ({@code updatedAt + N <= T}): turned off since it was armed, it
         * drops; raised, it moves to the last activity plus the new number of days.
         */
        void autoCloseDue() {
            Instant when = state.getAutoCloseAt();
            Instant due = autoCloseAt(state, config.settings().getAutoCloseInactiveDays());
            state.setAutoCloseAt(null);
            if (due == null) {
                return;
            }
            if (due.isAfter(when)) {
                state.setAutoCloseAt(due);
                return;
            }
            long days = Duration.between(state.getLastActivityAt(), when).toDays();
            emit(timer(SlaEventKind.AUTO_CLOSE_DUE, when, null)
                    .setNote("no activity for " + days + " days while waiting on the customer")
                    .build());
        }

        /** The reopen window, judged by the settings as they are now (like the auto-close). */
        void reopenWindowExpired() {
            Instant when = state.getReopenWindowAt();
            Instant expiry = reopenWindowAt(state, config.settings().getReopenWindowDays());
            state.setReopenWindowAt(null);
            if (expiry == null) {
                return;
            }
            if (expiry.isAfter(when)) {
                state.setReopenWindowAt(expiry);
                return;
            }
            long days = Duration.between(state.getClosedAt(), when).toDays();
            emit(timer(SlaEventKind.REOPEN_WINDOW_EXPIRED, when, null)
                    .setNote("reopen window of " + days + " days expired")
                    .build());
        }

        // --- events ----------------------------------------------------------------------------

        SlaEvent targetsSet(SlaClockTarget.Builder target, String reason) {
            return event(SlaEventKind.TARGETS_SET, target)
                    .setRemainingBusinessMillis(remaining(target, at).toMillis())
                    .setNote(Notes.rule(state.getPolicy()) + "; " + reason)
                    .build();
        }

        SlaEvent policyWide(SlaEventKind kind, String note) {
            return base(kind, at, cause, null).setNote(note).build();
        }

        /** An event about one target, caused by the ticket event at hand. */
        SlaEvent.Builder event(SlaEventKind kind, SlaClockTarget.Builder target) {
            return base(kind, at, cause, target);
        }

        /** An event of a deadline: occurred at the deadline, caused by no ticket event. */
        SlaEvent.Builder timer(SlaEventKind kind, Instant when, SlaClockTarget.Builder target) {
            SlaEvent.Builder event = base(kind, when, null, target);
            if (target == null) {
                event.setPolicyId(null).setPolicyRevision(null);
            }
            return event;
        }

        SlaEvent.Builder base(SlaEventKind kind, Instant when, String causationId, SlaClockTarget.Builder target) {
            String suffix = target == null ? "" : ":" + key(target);
            String id = causationId != null
                    ? causationId + ":sla:" + kind + suffix
                    : state.getTicketId() + ":sla:" + kind + suffix + ":" + when.toEpochMilli();
            String unique = id;
            for (int n = 2; !ids.add(unique); n++) {
                unique = id + ":" + n;
            }
            return SlaEvent.newBuilder()
                    .setEventId(unique)
                    .setTicketId(state.getTicketId())
                    .setTicketNumber(state.getTicketNumber())
                    .setOccurredAt(when)
                    .setKind(kind)
                    .setMetric(target == null ? null : target.getMetric())
                    .setTargetStatusId(target == null ? null : target.getStatusId())
                    .setDueAt(target == null ? null : target.getDueAt())
                    .setWarnAt(target == null ? null : target.getWarnAt())
                    .setPolicyId(state.getPolicyId())
                    .setPolicyRevision(state.getPolicyRevision())
                    .setDepartmentId(state.getDepartmentId())
                    .setAssigneeId(state.getAssigneeId())
                    .setCausationId(causationId);
        }

        void emit(SlaEvent event) {
            out.add(event);
        }
    }

    /** Agents and admins; a reply by the system or an integration is automatic mail, as in the reports. */
    private static boolean isStaff(ActorKind kind) {
        return kind == ActorKind.AGENT || kind == ActorKind.ADMIN;
    }

    private static boolean isResolved(LifecycleState lifecycle) {
        return lifecycle == LifecycleState.RESOLVED || lifecycle == LifecycleState.CLOSED;
    }

    private static boolean after(Instant instant, Instant reference) {
        return instant != null && instant.isAfter(reference);
    }

    private static String metricsOf(List<SlaClockTarget.Builder> targets) {
        return String.join(", ", targets.stream().map(SlaClockEngine::key).toList());
    }
}
