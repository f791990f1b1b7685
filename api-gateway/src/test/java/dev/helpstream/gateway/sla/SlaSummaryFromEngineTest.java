package dev.helpstream.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.sla.SlaSummary.State;
import dev.helpstream.gateway.sla.SlaSummary.Target;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.SlaPolicy;
import dev.helpstream.schema.config.SlaScope;
import dev.helpstream.schema.config.SlaTarget;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketTransferred;
import dev.helpstream.sla.clock.SlaClockEngine;
import dev.helpstream.sla.clock.SlaClockEngine.Step;
import dev.helpstream.sla.clock.SlaConfig;
import dev.helpstream.support.config.ConfigEntities;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The summary folded from what sla-stream's own clock engine emits for a ticket under policy gold
 * ({@link SlaConfigFixtures}): opened on Monday 2 March 2026 at 09:00 in Paris, first response due
 * four business hours later (13:00), answered late at 14:00, then waiting on the customer from
 * 15:00 to 17:00. The contract between the two modules, checked on real output.
 */
class SlaSummaryFromEngineTest {

    private static final Instant OPENED = Instant.parse("2026-03-02T08:00:00Z");
    private static final Actor CUSTOMER = new Actor(ActorKind.CUSTOMER, "c@example.com", null, "c@example.com");
    private static final Actor AGENT = new Actor(ActorKind.AGENT, "ana", "Ana", "ana@helpdesk.test");

    private final SlaClock clock = new SlaClock(SlaConfigFixtures::config);
    private final SlaClockEngine engine = new SlaClockEngine(SlaConfig.of(SlaConfigFixtures.config()));
    private final List<SlaEvent> emitted = new ArrayList<>();
    private Step step = new Step(null, List.of());

    @Test
    void shouldShowTheBreachTheLateReplyAndThePauseAsSlaStreamEmitsThem() {
        apply(opened(), OPENED);
        SlaSummary started = fold();

        assertThat(started.policyId()).isEqualTo("gold");
        assertThat(started.targets())
                .extracting(target -> target.metric() + " " + target.state() + " " + target.dueAt())
                .containsExactly(
                        "FIRST_RESPONSE RUNNING 2026-03-02T12:00:00Z", "RESOLUTION RUNNING 2026-03-03T08:00:00Z");

        fire(Instant.parse("2026-03-02T12:30:00Z"));
        SlaSummary breached = fold();

        assertThat(breached.target(SlaMetric.FIRST_RESPONSE).orElseThrow().state())
                .isEqualTo(State.BREACHED);
        assertThat(breached.late()).isTrue();

        apply(reply(2), Instant.parse("2026-03-02T13:00:00Z"));
        SlaSummary answered = fold();

        Target first = answered.target(SlaMetric.FIRST_RESPONSE).orElseThrow();
        assertThat(first.state()).isEqualTo(State.MET);
        assertThat(first.breachedAt()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
        assertThat(first.metRemainingMillis()).isEqualTo(-Duration.ofHours(1).toMillis());
        assertThat(answered.late()).isFalse();

        apply(status(3, "open", "pending", LifecycleState.WAITING_ON_CUSTOMER), Instant.parse("2026-03-02T14:00:00Z"));
        SlaSummary paused = fold();

        Target resolution = paused.target(SlaMetric.RESOLUTION).orElseThrow();
        assertThat(resolution.state()).isEqualTo(State.PAUSED);
        assertThat(resolution.pausedRemainingMillis())
                .isEqualTo(Duration.ofHours(18).toMillis());
        assertThat(paused.nextDue()).contains(resolution);

        apply(status(4, "pending", "open", LifecycleState.OPEN), Instant.parse("2026-03-02T16:00:00Z"));
        SlaSummary resumed = fold();

        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.target(SlaMetric.RESOLUTION).orElseThrow().state()).isEqualTo(State.RUNNING);
        assertThat(resumed.earliestOpenDue()).contains(Instant.parse("2026-03-03T10:00:00Z"));
        assertThat(emitted)
                .extracting(SlaEvent::getKind)
                .containsExactly(
                        SlaEventKind.TARGETS_SET,
                        SlaEventKind.TARGETS_SET,
                        SlaEventKind.WARNING,
                        SlaEventKind.BREACH,
                        SlaEventKind.MET,
                        SlaEventKind.PAUSED,
                        SlaEventKind.RESUMED,
                        SlaEventKind.TARGETS_SET);
    }

    @Test
    void shouldShowTheTargetsOfATicketOpenedWaitingOnTheCustomerPausedUntilItResumes() {
        apply(opened("support", "pending", LifecycleState.WAITING_ON_CUSTOMER), OPENED);
        SlaSummary paused = fold();

        assertThat(emitted)
                .extracting(SlaEvent::getKind)
                .containsExactly(SlaEventKind.PAUSED, SlaEventKind.TARGETS_SET, SlaEventKind.TARGETS_SET);
        assertThat(paused.paused()).isTrue();
        assertThat(paused.targets())
                .extracting(target -> target.metric() + " " + target.state() + " " + target.dueAt() + " "
                        + target.pausedRemainingMillis())
                .containsExactly("FIRST_RESPONSE PAUSED null 14400000", "RESOLUTION PAUSED null 86400000");
        assertThat(paused.nextDue().map(Target::metric)).contains(SlaMetric.FIRST_RESPONSE);

        apply(status(2, "pending", "open", LifecycleState.OPEN), Instant.parse("2026-03-02T10:00:00Z"));
        SlaSummary resumed = fold();

        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.targets())
                .extracting(target -> target.metric() + " " + target.state() + " " + target.dueAt())
                .containsExactly(
                        "FIRST_RESPONSE RUNNING 2026-03-02T14:00:00Z", "RESOLUTION RUNNING 2026-03-03T10:00:00Z");
    }

    @Test
    void shouldKeepTheBreachedFirstResponseAndTheMetResolutionOfATicketClosedUnanswered() {
        apply(opened(), OPENED);
        fire(Instant.parse("2026-03-02T12:30:00Z"));
        apply(
                event(2, AGENT, new TicketClosed(CloseReason.AGENT, null, "open", "closed"), OPENED),
                Instant.parse("2026-03-02T13:00:00Z"));
        SlaSummary closed = fold();

        assertThat(emitted)
                .extracting(SlaEvent::getKind)
                .containsExactly(
                        SlaEventKind.TARGETS_SET,
                        SlaEventKind.TARGETS_SET,
                        SlaEventKind.WARNING,
                        SlaEventKind.BREACH,
                        SlaEventKind.MET,
                        SlaEventKind.CLEARED);
        assertThat(closed.targets())
                .extracting(target -> target.metric() + " " + target.state() + " open=" + target.open() + " metLate="
                        + target.metLate() + " cleared=" + target.clearedAt())
                .containsExactly(
                        "FIRST_RESPONSE BREACHED open=false metLate=false cleared=2026-03-02T13:00:00Z",
                        "RESOLUTION MET open=false metLate=false cleared=null");
        assertThat(closed.late()).isFalse();
        assertThat(closed.earliestOpenDue()).isEmpty();
    }

    @Test
    void shouldKeepABreachedTargetBreachedAfterATransferToALenientPolicyAndShowTheReplyLate() {
        // Strict (department a): first response within an hour; lenient (department b): eight hours.
        SlaClockEngine engine = new SlaClockEngine(SlaConfig.of(transferConfig()));
        SlaClock clock = new SlaClock(SlaSummaryFromEngineTest::transferConfig);

        apply(engine, opened("a", "open", LifecycleState.OPEN), OPENED);
        fire(engine, OPENED.plus(Duration.ofMinutes(61)));
        apply(
                engine,
                event(2, AGENT, new TicketTransferred("a", "b", null, null, null), OPENED),
                OPENED.plus(Duration.ofMinutes(90)));
        SlaSummary transferred = fold(clock);

        Target first = transferred.target(SlaMetric.FIRST_RESPONSE).orElseThrow();
        assertThat(transferred.policyId()).isEqualTo("lenient");
        assertThat(first.dueAt()).isEqualTo(OPENED.plus(Duration.ofHours(8)));
        assertThat(first.warnedAt()).isEqualTo(OPENED.plus(Duration.ofMinutes(48)));
        assertThat(first.breachedAt()).isEqualTo(OPENED.plus(Duration.ofHours(1)));
        assertThat(first.state()).isEqualTo(State.BREACHED);
        assertThat(transferred.late()).isTrue();

        // Past the new due time sla-stream sends nothing more: the target breached already.
        int before = emitted.size();
        fire(engine, OPENED.plus(Duration.ofHours(10)));
        assertThat(emitted).hasSize(before);

        apply(engine, reply(3), OPENED.plus(Duration.ofHours(11)));
        Target met = fold(clock).target(SlaMetric.FIRST_RESPONSE).orElseThrow();

        assertThat(met.state()).isEqualTo(State.MET);
        assertThat(met.metLate()).isTrue();
        assertThat(met.breachedAt()).isEqualTo(OPENED.plus(Duration.ofHours(1)));
        assertThat(emitted)
                .extracting(event -> event.getKind() + " " + event.getPolicyId() + " " + event.getLate())
                .containsExactly(
                        "TARGETS_SET strict false",
                        "WARNING strict false",
                        "BREACH strict false",
                        "TARGETS_SET lenient false",
                        "MET lenient true");
    }

    private void apply(TicketEvent event, Instant at) {
        apply(engine, event, at);
    }

    private void apply(SlaClockEngine engine, TicketEvent event, Instant at) {
        step = engine.apply(step.state(), event, at);
        emitted.addAll(step.events());
    }

    private void fire(Instant upTo) {
        fire(engine, upTo);
    }

    private void fire(SlaClockEngine engine, Instant upTo) {
        step = engine.fire(step.state(), upTo);
        emitted.addAll(step.events());
    }

    private SlaSummary fold() {
        return fold(clock);
    }

    private SlaSummary fold(SlaClock clock) {
        SlaSummary summary = null;
        for (SlaEvent event : emitted) {
            summary = SlaSummary.apply(summary, event, clock);
        }
        return summary;
    }

    /** Two policies in wall-clock time, by department, both pausing in status pending. */
    private static ConfigEntities transferConfig() {
        return ConfigEntities.of(List.of(policy("strict", 1, "a", 60), policy("lenient", 2, "b", 480)));
    }

    private static ConfigEntity policy(String id, int order, String departmentId, int firstResponseMinutes) {
        SlaPolicy policy = SlaPolicy.newBuilder()
                .setName(id)
                .setOrder(order)
                .setScope(SlaScope.newBuilder()
                        .setDepartmentIds(List.of(departmentId))
                        .build())
                .setPauseOnStatusIds(List.of("pending"))
                .setTargets(List.of(SlaTarget.newBuilder()
                        .setMetric(SlaMetric.FIRST_RESPONSE)
                        .setDurationMinutes(firstResponseMinutes)
                        .setBusinessTime(false)
                        .build()))
                .build();
        return ConfigEntity.newBuilder()
                .setEntityType(ConfigEntityType.SLA_POLICY)
                .setId(id)
                .setRevision(1)
                .setUpdatedAt(Instant.parse("2026-01-01T00:00:00Z"))
                .setUpdatedBy(new Actor(ActorKind.SYSTEM, "test", null, null))
                .setPayload(policy)
                .build();
    }

    private static TicketEvent opened() {
        return opened("support", "open", LifecycleState.OPEN);
    }

    private static TicketEvent opened(String departmentId, String statusId, LifecycleState lifecycle) {
        TicketOpened opened = TicketOpened.newBuilder()
                .setSubject("Site down")
                .setCustomer(new Contact("c@example.com", null, null))
                .setChannel(Channel.EMAIL)
                .setDepartmentId(departmentId)
                .setPriorityId("normal")
                .setStatusId(statusId)
                .setLifecycle(lifecycle)
                .setFirstMessageId("m-1")
                .setBody(MessageBody.newBuilder().setText("502 since 9:00").build())
                .build();
        return event(1, CUSTOMER, opened, OPENED);
    }

    private static TicketEvent reply(long version) {
        MessageAdded reply = MessageAdded.newBuilder()
                .setMessageId("m-" + version)
                .setAuthor(AGENT)
                .setFrom(new Contact("support@helpdesk.test", "Support", null))
                .setDirection(MessageDirection.OUTBOUND)
                .setChannel(Channel.STAFF)
                .setBody(MessageBody.newBuilder().setText("Looking into it").build())
                .build();
        return event(version, AGENT, reply, Instant.parse("2026-03-02T13:00:00Z"));
    }

    private static TicketEvent status(long version, String from, String to, LifecycleState lifecycle) {
        LifecycleState fromLifecycle =
                from.equals("pending") ? LifecycleState.WAITING_ON_CUSTOMER : LifecycleState.OPEN;
        return event(version, AGENT, new StatusChanged(from, to, fromLifecycle, lifecycle), OPENED);
    }

    private static TicketEvent event(long version, Actor actor, Object payload, Instant at) {
        return TicketEvent.newBuilder()
                .setEventId("t-1:" + version)
                .setTicketId("t-1")
                .setTicketNumber(10001)
                .setVersion(version)
                .setOccurredAt(at)
                .setActor(actor)
                .setPayload(payload)
                .build();
    }
}
