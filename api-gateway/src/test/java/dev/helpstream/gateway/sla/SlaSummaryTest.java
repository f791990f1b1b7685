package dev.helpstream.gateway.sla;

import static dev.helpstream.gateway.sla.SlaEventFixtures.breach;
import static dev.helpstream.gateway.sla.SlaEventFixtures.met;
import static dev.helpstream.gateway.sla.SlaEventFixtures.policyWide;
import static dev.helpstream.gateway.sla.SlaEventFixtures.targetsSet;
import static dev.helpstream.gateway.sla.SlaEventFixtures.warning;
import static dev.helpstream.schema.SlaMetric.FIRST_RESPONSE;
import static dev.helpstream.schema.SlaMetric.RESOLUTION;
import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.sla.SlaSummary.State;
import dev.helpstream.gateway.sla.SlaSummary.Target;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fold of a ticket's SLA events into its summary, on wall-clock time: a first-response target
 * due four hours after {@link #T} (warning at three) and a resolution target due a day after.
 */
class SlaSummaryTest {

    private static final String TICKET = "t-7";
    private static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant FIRST_WARN = T.plus(Duration.ofHours(3));
    private static final Instant FIRST_DUE = T.plus(Duration.ofHours(4));
    private static final Instant RESOLUTION_WARN = T.plus(Duration.ofHours(20));
    private static final Instant RESOLUTION_DUE = T.plus(Duration.ofHours(24));

    @Test
    void shouldStartEveryTargetRunningWithItsDueAndWarningInstants() {
        SlaSummary summary = fold(started());

        assertThat(summary.policyId()).isEqualTo("gold");
        assertThat(summary.policyRevision()).isEqualTo(1L);
        assertThat(summary.paused()).isFalse();
        assertThat(summary.targets())
                .containsExactly(
                        Target.started(FIRST_RESPONSE, null, FIRST_DUE, FIRST_WARN),
                        Target.started(RESOLUTION, null, RESOLUTION_DUE, RESOLUTION_WARN));
        assertThat(states(summary)).containsExactly(State.RUNNING, State.RUNNING);
        assertThat(summary.late()).isFalse();
        assertThat(summary.earliestOpenDue()).contains(FIRST_DUE);
        assertThat(summary.nextDue().map(Target::metric)).contains(FIRST_RESPONSE);
    }

    @Test
    void shouldPutATargetAtRiskOnItsWarningThenBreachedOnItsBreach() {
        SlaSummary warned = fold(started(), warning(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE));

        assertThat(states(warned)).containsExactly(State.AT_RISK, State.RUNNING);
        assertThat(warned.target(FIRST_RESPONSE).orElseThrow().warnedAt()).isEqualTo(FIRST_WARN);
        assertThat(warned.late()).isTrue();

        SlaSummary breached = fold(warned, breach(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE));

        assertThat(states(breached)).containsExactly(State.BREACHED, State.RUNNING);
        assertThat(breached.target(FIRST_RESPONSE).orElseThrow().breachedAt()).isEqualTo(FIRST_DUE);
        assertThat(breached.late()).isTrue();
        assertThat(breached.earliestOpenDue()).contains(FIRST_DUE);
    }

    @Test
    void shouldMarkATargetMetLateWithTheTimeItHadLeftAndLeaveTheLateViewOnceNothingElseIsLate() {
        Instant repliedAt = FIRST_DUE.plus(Duration.ofMinutes(30));
        SlaSummary summary = fold(
                started(),
                warning(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                breach(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                met(TICKET, FIRST_RESPONSE, repliedAt, -1_800_000L));

        Target first = summary.target(FIRST_RESPONSE).orElseThrow();
        assertThat(first.state()).isEqualTo(State.MET);
        assertThat(first.metAt()).isEqualTo(repliedAt);
        assertThat(first.metLate()).isTrue();
        assertThat(first.breachedAt()).isEqualTo(FIRST_DUE);
        assertThat(first.remainingMillis("gold", repliedAt.plusSeconds(3600), RemainingTime.CALENDAR))
                .contains(-1_800_000L);
        assertThat(summary.late()).isFalse();
        assertThat(summary.earliestOpenDue()).contains(RESOLUTION_DUE);
        assertThat(summary.nextDue().map(Target::metric)).contains(RESOLUTION);
    }

    @Test
    void shouldFreezeEveryTargetNotMetWithItsTimeLeftWhilePausedAndKeepABreachLate() {
        Instant pausedAt = T.plus(Duration.ofHours(5));
        SlaSummary summary = fold(
                started(),
                warning(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                breach(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                policyWide(TICKET, SlaEventKind.PAUSED, pausedAt));

        assertThat(summary.pausedAt()).isEqualTo(pausedAt);
        assertThat(states(summary)).containsExactly(State.BREACHED, State.PAUSED);
        assertThat(summary.target(FIRST_RESPONSE).orElseThrow().pausedRemainingMillis())
                .isEqualTo(-3_600_000L);
        assertThat(summary.target(RESOLUTION).orElseThrow().pausedRemainingMillis())
                .isEqualTo(Duration.ofHours(19).toMillis());
        Instant muchLater = pausedAt.plus(Duration.ofDays(3));
        assertThat(summary.target(RESOLUTION).orElseThrow().remainingMillis("gold", muchLater, RemainingTime.CALENDAR))
                .contains(Duration.ofHours(19).toMillis());
        assertThat(summary.late()).isTrue();
        assertThat(summary.earliestOpenDue()).contains(FIRST_DUE);
    }

    @Test
    void shouldTakeAPausedTargetAtRiskOutOfTheLateViewAndShowTheOneWithLeastTimeLeft() {
        Instant pausedAt = FIRST_WARN.plus(Duration.ofMinutes(30));
        SlaSummary summary = fold(
                started(),
                warning(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                policyWide(TICKET, SlaEventKind.PAUSED, pausedAt));

        assertThat(states(summary)).containsExactly(State.PAUSED, State.PAUSED);
        assertThat(summary.late()).isFalse();
        assertThat(summary.earliestOpenDue()).isEmpty();
        Target next = summary.nextDue().orElseThrow();
        assertThat(next.metric()).isEqualTo(FIRST_RESPONSE);
        assertThat(next.pausedRemainingMillis())
                .isEqualTo(Duration.ofMinutes(30).toMillis());
    }

    @Test
    void shouldRunAgainAfterResumedWithTheNewDeadlinesAndStayWarned() {
        Instant pausedAt = FIRST_WARN.plus(Duration.ofMinutes(30));
        Instant resumedAt = pausedAt.plus(Duration.ofHours(2));
        Instant newFirstWarn = FIRST_WARN.plus(Duration.ofHours(2));
        Instant newFirstDue = FIRST_DUE.plus(Duration.ofHours(2));
        Instant newResolutionWarn = RESOLUTION_WARN.plus(Duration.ofHours(2));
        Instant newResolutionDue = RESOLUTION_DUE.plus(Duration.ofHours(2));

        SlaSummary summary = fold(
                started(),
                warning(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                policyWide(TICKET, SlaEventKind.PAUSED, pausedAt),
                policyWide(TICKET, SlaEventKind.RESUMED, resumedAt),
                targetsSet(TICKET, FIRST_RESPONSE, resumedAt, newFirstWarn, newFirstDue),
                targetsSet(TICKET, RESOLUTION, resumedAt, newResolutionWarn, newResolutionDue));

        assertThat(summary.paused()).isFalse();
        assertThat(summary.targets())
                .containsExactly(
                        Target.started(FIRST_RESPONSE, null, newFirstDue, newFirstWarn)
                                .warned(FIRST_WARN),
                        Target.started(RESOLUTION, null, newResolutionDue, newResolutionWarn));
        assertThat(states(summary)).containsExactly(State.AT_RISK, State.RUNNING);
        assertThat(summary.late()).isTrue();
    }

    @Test
    void shouldStartATargetAfreshOnceMetWithoutTheWarningAndBreachOfItsLastRun() {
        Instant replied = FIRST_DUE.plus(Duration.ofMinutes(10));
        Instant customerReplied = FIRST_DUE.plus(Duration.ofHours(1));
        SlaSummary summary = fold(
                targetsSet(TICKET, SlaMetric.NEXT_RESPONSE, T, FIRST_WARN, FIRST_DUE),
                warning(TICKET, SlaMetric.NEXT_RESPONSE, FIRST_WARN, FIRST_DUE),
                breach(TICKET, SlaMetric.NEXT_RESPONSE, FIRST_WARN, FIRST_DUE),
                met(TICKET, SlaMetric.NEXT_RESPONSE, replied, -600_000L),
                targetsSet(
                        TICKET,
                        SlaMetric.NEXT_RESPONSE,
                        customerReplied,
                        customerReplied.plus(Duration.ofHours(3)),
                        customerReplied.plus(Duration.ofHours(4))));

        assertThat(summary.targets())
                .containsExactly(Target.started(
                        SlaMetric.NEXT_RESPONSE,
                        null,
                        customerReplied.plus(Duration.ofHours(4)),
                        customerReplied.plus(Duration.ofHours(3))));
        assertThat(summary.late()).isFalse();
        assertThat(summary.earliestOpenDue()).contains(customerReplied.plus(Duration.ofHours(4)));
    }

    @Test
    void shouldKeepTheWarningAndBreachOfATargetReTimedWithLaterDeadlinesAndMeetItLate() {
        // sla-stream keeps them on the re-timed target and never sends them again.
        Instant transferred = FIRST_DUE.plus(Duration.ofMinutes(30));
        SlaEvent lenient = SlaEventFixtures.builder(TICKET, SlaEventKind.TARGETS_SET, FIRST_RESPONSE, transferred)
                .setPolicyId("silver")
                .setPolicyRevision(2L)
                .setDueAt(T.plus(Duration.ofHours(8)))
                .setWarnAt(T.plus(Duration.ofHours(6)))
                .setRemainingBusinessMillis(Duration.ofMinutes(210).toMillis())
                .build();
        SlaEvent metLate = SlaEventFixtures.builder(
                        TICKET, SlaEventKind.MET, FIRST_RESPONSE, T.plus(Duration.ofHours(5)))
                .setPolicyId("silver")
                .setPolicyRevision(2L)
                .setRemainingBusinessMillis(Duration.ofHours(3).toMillis())
                .setLate(true)
                .build();

        SlaSummary retimed = fold(
                List.of(targetsSet(TICKET, FIRST_RESPONSE, T, FIRST_WARN, FIRST_DUE)),
                warning(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                breach(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                lenient);

        assertThat(retimed.policyId()).isEqualTo("silver");
        assertThat(retimed.targets())
                .containsExactly(
                        Target.started(FIRST_RESPONSE, null, T.plus(Duration.ofHours(8)), T.plus(Duration.ofHours(6)))
                                .warned(FIRST_WARN)
                                .breached(FIRST_DUE));
        assertThat(states(retimed)).containsExactly(State.BREACHED);
        assertThat(retimed.late()).isTrue();

        Target met = fold(retimed, metLate).target(FIRST_RESPONSE).orElseThrow();
        assertThat(met.state()).isEqualTo(State.MET);
        assertThat(met.metLate()).isTrue();
        assertThat(met.metRemainingMillis()).isEqualTo(Duration.ofHours(3).toMillis());
    }

    @Test
    void shouldStartATargetWhoseDeadlinesArePastWarnedAndBreached() {
        // A resolution continued after a reopen: sla-stream flags what it had fired, silently.
        Instant reopened = T.plus(Duration.ofDays(2));
        SlaSummary summary = fold(targetsSet(TICKET, RESOLUTION, reopened, RESOLUTION_WARN, RESOLUTION_DUE));

        assertThat(summary.targets())
                .containsExactly(Target.started(RESOLUTION, null, RESOLUTION_DUE, RESOLUTION_WARN)
                        .warned(RESOLUTION_WARN)
                        .breached(RESOLUTION_DUE));
        assertThat(summary.late()).isTrue();
    }

    @Test
    void shouldTellAMetInTimeFromAMetLateByTheLateFlagOrTheTimeLeft() {
        SlaEvent flaggedLate = SlaEventFixtures.builder(TICKET, SlaEventKind.MET, FIRST_RESPONSE, T.plusSeconds(600))
                .setRemainingBusinessMillis(13_800_000L)
                .setLate(true)
                .build();

        assertThat(fold(started(), met(TICKET, FIRST_RESPONSE, T.plusSeconds(600), 13_800_000L))
                        .target(FIRST_RESPONSE)
                        .orElseThrow()
                        .metLate())
                .isFalse();
        assertThat(fold(started(), flaggedLate)
                        .target(FIRST_RESPONSE)
                        .orElseThrow()
                        .metLate())
                .isTrue();
        assertThat(fold(started(), met(TICKET, FIRST_RESPONSE, FIRST_DUE.plusSeconds(1), -1_000L))
                        .target(FIRST_RESPONSE)
                        .orElseThrow()
                        .metLate())
                .isTrue();
    }

    @Test
    void shouldFollowAnotherPolicyThatClearedATargetItLacksAndReTimedTheOneItSharesStillWarned() {
        Instant transferred = T.plus(Duration.ofHours(1));
        SlaEvent clearedUnderGold = SlaEventFixtures.builder(TICKET, SlaEventKind.CLEARED, RESOLUTION, transferred)
                .setDueAt(RESOLUTION_DUE)
                .setWarnAt(RESOLUTION_WARN)
                .build();
        SlaEvent silver = SlaEventFixtures.builder(TICKET, SlaEventKind.TARGETS_SET, FIRST_RESPONSE, transferred)
                .setPolicyId("silver")
                .setPolicyRevision(4L)
                .setDueAt(T.plus(Duration.ofHours(8)))
                .setWarnAt(T.plus(Duration.ofHours(6)))
                .build();

        SlaSummary summary =
                fold(started(), warning(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE), clearedUnderGold, silver);

        assertThat(summary.policyId()).isEqualTo("silver");
        assertThat(summary.policyRevision()).isEqualTo(4L);
        // The warning stands: sla-stream keeps it on the re-timed target and does not send it again.
        assertThat(summary.targets())
                .containsExactly(
                        Target.started(FIRST_RESPONSE, null, T.plus(Duration.ofHours(8)), T.plus(Duration.ofHours(6)))
                                .warned(FIRST_WARN));
        assertThat(summary.late()).isTrue();
        // A timer of the old policy that was already on its way changes nothing.
        assertThat(fold(summary, breach(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE)))
                .isEqualTo(summary);
    }

    @Test
    void shouldKeepATargetMetUnderTheOldPolicyWhenAnotherOneApplies() {
        Instant replied = T.plus(Duration.ofMinutes(30));
        Instant transferred = T.plus(Duration.ofHours(1));
        SlaEvent silver = SlaEventFixtures.builder(TICKET, SlaEventKind.TARGETS_SET, RESOLUTION, transferred)
                .setPolicyId("silver")
                .setPolicyRevision(4L)
                .setDueAt(T.plus(Duration.ofDays(2)))
                .setWarnAt(T.plus(Duration.ofDays(1)))
                .build();

        SlaSummary summary = fold(started(), met(TICKET, FIRST_RESPONSE, replied, 12_600_000L), silver);

        assertThat(summary.policyId()).isEqualTo("silver");
        assertThat(states(summary)).containsExactly(State.MET, State.RUNNING);
        assertThat(summary.target(RESOLUTION).orElseThrow().dueAt()).isEqualTo(T.plus(Duration.ofDays(2)));
    }

    @Test
    void shouldKeepOneTargetPerStatusToReachAndClearOnlyTheOneNamed() {
        SlaEvent solved = SlaEventFixtures.builder(TICKET, SlaEventKind.TARGETS_SET, SlaMetric.STATUS_REACHED, T)
                .setTargetStatusId("solved")
                .setDueAt(RESOLUTION_DUE)
                .setWarnAt(RESOLUTION_WARN)
                .build();
        SlaEvent triaged = SlaEventFixtures.builder(TICKET, SlaEventKind.TARGETS_SET, SlaMetric.STATUS_REACHED, T)
                .setTargetStatusId("triaged")
                .setDueAt(FIRST_DUE)
                .setWarnAt(FIRST_WARN)
                .build();
        SlaEvent triagedWarned = SlaEventFixtures.builder(
                        TICKET, SlaEventKind.WARNING, SlaMetric.STATUS_REACHED, FIRST_WARN)
                .setTargetStatusId("triaged")
                .setDueAt(FIRST_DUE)
                .setWarnAt(FIRST_WARN)
                .build();
        SlaEvent solvedCleared = SlaEventFixtures.builder(
                        TICKET, SlaEventKind.CLEARED, SlaMetric.STATUS_REACHED, FIRST_WARN.plusSeconds(60))
                .setTargetStatusId("solved")
                .build();

        SlaSummary summary = fold(solved, triaged, triagedWarned);

        assertThat(summary.targets())
                .extracting(target -> target.targetStatusId() + " " + target.state())
                .containsExactly("solved RUNNING", "triaged AT_RISK");
        assertThat(fold(summary, solvedCleared).targets())
                .extracting(target -> target.targetStatusId() + " " + target.state())
                .containsExactly("triaged AT_RISK");
    }

    @Test
    void shouldDropTheSummaryWhenClearedForTheWholePolicyWithNothingMetOrBreachedAndOneTargetWhenClearedForItsMetric() {
        assertThat(fold(started(), policyWide(TICKET, SlaEventKind.CLEARED, T.plusSeconds(60))))
                .isNull();
        SlaEvent resolutionCleared = SlaEventFixtures.builder(
                        TICKET, SlaEventKind.CLEARED, RESOLUTION, T.plusSeconds(60))
                .build();
        assertThat(fold(started(), resolutionCleared).targets())
                .extracting(Target::metric)
                .containsExactly(FIRST_RESPONSE);
    }

    @Test
    void shouldKeepWhatTheTargetsCameToAsHistoryWhenClearedForTheWholePolicyNeitherOpenNorLate() {
        // Closed with the first response breached and unanswered, the resolution met in time.
        Instant closed = FIRST_DUE.plus(Duration.ofHours(1));
        SlaSummary summary = fold(
                started(),
                warning(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                breach(TICKET, FIRST_RESPONSE, FIRST_WARN, FIRST_DUE),
                met(TICKET, RESOLUTION, closed, Duration.ofHours(19).toMillis()),
                policyWide(TICKET, SlaEventKind.CLEARED, closed));

        assertThat(summary.policyId()).isEqualTo("gold");
        assertThat(summary.paused()).isFalse();
        Target first = summary.target(FIRST_RESPONSE).orElseThrow();
        assertThat(first)
                .isEqualTo(Target.started(FIRST_RESPONSE, null, FIRST_DUE, FIRST_WARN)
                        .warned(FIRST_WARN)
                        .breached(FIRST_DUE)
                        .cleared(closed));
        assertThat(first.state()).isEqualTo(State.BREACHED);
        assertThat(first.open()).isFalse();
        assertThat(first.remainingMillis("gold", closed.plus(Duration.ofDays(2)), RemainingTime.CALENDAR))
                .contains(-Duration.ofHours(1).toMillis());
        assertThat(summary.target(RESOLUTION).orElseThrow().state()).isEqualTo(State.MET);
        assertThat(summary.late()).isFalse();
        assertThat(summary.earliestOpenDue()).isEmpty();
        assertThat(summary.nextDue()).isEmpty();
        // Reopened: the resolution starts again; the first response stays as it ended.
        Instant reopened = closed.plus(Duration.ofHours(2));
        SlaSummary again = fold(
                summary,
                targetsSet(
                        TICKET,
                        RESOLUTION,
                        reopened,
                        reopened.plus(Duration.ofHours(20)),
                        reopened.plus(Duration.ofDays(1))));
        assertThat(again.target(RESOLUTION).orElseThrow())
                .isEqualTo(Target.started(
                        RESOLUTION, null, reopened.plus(Duration.ofDays(1)), reopened.plus(Duration.ofHours(20))));
        assertThat(again.target(FIRST_RESPONSE)).contains(first);
        assertThat(again.late()).isFalse();
        assertThat(again.earliestOpenDue()).contains(reopened.plus(Duration.ofDays(1)));
    }

    @Test
    void shouldIgnoreTimersOfTheTicketUnknownKindsAndUnknownMetrics() {
        SlaSummary summary = fold(started());

        assertThat(fold(summary, policyWide(TICKET, SlaEventKind.AUTO_CLOSE_DUE, T.plus(Duration.ofDays(7)))))
                .isEqualTo(summary);
        assertThat(fold(summary, policyWide(TICKET, SlaEventKind.REOPEN_WINDOW_EXPIRED, T.plus(Duration.ofDays(7)))))
                .isEqualTo(summary);
        assertThat(fold(summary, policyWide(TICKET, SlaEventKind.UNKNOWN, T))).isEqualTo(summary);
        assertThat(fold(summary, warning(TICKET, SlaMetric.UNKNOWN, FIRST_WARN, FIRST_DUE)))
                .isEqualTo(summary);
        assertThat(fold(summary, targetsSet(TICKET, null, T, FIRST_WARN, FIRST_DUE)))
                .isEqualTo(summary);
        assertThat(SlaSummary.apply(null, policyWide(TICKET, SlaEventKind.RESUMED, T), RemainingTime.CALENDAR))
                .isNull();
    }

    @Test
    void shouldStartPausedWhenThePauseComesBeforeTheTargetsAndFreezeThemWithTheTimeTheyHave() {
        SlaEvent firstResponse = SlaEventFixtures.builder(TICKET, SlaEventKind.TARGETS_SET, FIRST_RESPONSE, T)
                .setRemainingBusinessMillis(Duration.ofHours(4).toMillis())
                .build();

        SlaSummary paused = fold(policyWide(TICKET, SlaEventKind.PAUSED, T));

        assertThat(paused).isEqualTo(new SlaSummary("gold", 1L, T, List.of()));
        assertThat(paused.late()).isFalse();

        SlaSummary summary = fold(paused, firstResponse);

        assertThat(summary.paused()).isTrue();
        assertThat(summary.targets())
                .containsExactly(Target.started(FIRST_RESPONSE, null, null, null)
                        .paused(T, Duration.ofHours(4).toMillis()));
        assertThat(states(summary)).containsExactly(State.PAUSED);
        assertThat(summary.nextDue().map(Target::pausedRemainingMillis))
                .contains(Duration.ofHours(4).toMillis());
    }

    @Test
    void shouldCountTheTimeLeftOfARunningTargetFromTheInstantAskedNegativeOnceOverdue() {
        Target first = fold(started()).target(FIRST_RESPONSE).orElseThrow();

        assertThat(first.remainingMillis("gold", T.plus(Duration.ofHours(1)), RemainingTime.CALENDAR))
                .contains(Duration.ofHours(3).toMillis());
        assertThat(first.remainingMillis("gold", FIRST_DUE.plusSeconds(90), RemainingTime.CALENDAR))
                .contains(-90_000L);
    }

    @Test
    void shouldCountTheTimeLeftAtThePauseWithTheClockGiven() {
        RemainingTime halfSpeed = (policyId, metric, statusId, dueAt, at) ->
                Duration.between(at, dueAt).toMillis() / 2;
        SlaSummary summary = SlaSummary.apply(
                fold(started()), policyWide(TICKET, SlaEventKind.PAUSED, T.plus(Duration.ofHours(2))), halfSpeed);

        assertThat(summary.target(FIRST_RESPONSE).orElseThrow().pausedRemainingMillis())
                .isEqualTo(Duration.ofHours(1).toMillis());
    }

    private static List<SlaEvent> started() {
        return List.of(
                targetsSet(TICKET, FIRST_RESPONSE, T, FIRST_WARN, FIRST_DUE),
                targetsSet(TICKET, RESOLUTION, T, RESOLUTION_WARN, RESOLUTION_DUE));
    }

    private static SlaSummary fold(List<SlaEvent> first, SlaEvent... then) {
        SlaSummary summary = null;
        for (SlaEvent event : first) {
            summary = SlaSummary.apply(summary, event, RemainingTime.CALENDAR);
        }
        return fold(summary, then);
    }

    private static SlaSummary fold(SlaSummary summary, SlaEvent... events) {
        for (SlaEvent event : events) {
            summary = SlaSummary.apply(summary, event, RemainingTime.CALENDAR);
        }
        return summary;
    }

    private static SlaSummary fold(SlaEvent... events) {
        return fold((SlaSummary) null, events);
    }

    private static List<State> states(SlaSummary summary) {
        return summary.targets().stream().map(Target::state).toList();
    }
}
