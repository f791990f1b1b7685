package dev.helpstream.gateway.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.gateway.sla.SlaSummary.State;
import dev.helpstream.gateway.sla.SlaSummary.Target;
import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.sla.clock.SlaClockEngine;
import dev.helpstream.sla.clock.SlaClockEngine.Step;
import dev.helpstream.sla.clock.SlaConfig;
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

    private void apply(TicketEvent event, Instant at) {
        step = engine.apply(step.state(), event, at);
        emitted.addAll(step.events());
    }

    private void fire(Instant upTo) {
        step = engine.fire(step.state(), upTo);
        emitted.addAll(step.events());
    }

    private SlaSummary fold() {
        SlaSummary summary = null;
        for (SlaEvent event : emitted) {
            summary = SlaSummary.apply(summary, event, clock);
        }
        return summary;
    }

    private static TicketEvent opened() {
        TicketOpened opened = TicketOpened.newBuilder()
                .setSubject("Site down")
                .setCustomer(new Contact("c@example.com", null, null))
                .setChannel(Channel.EMAIL)
                .setDepartmentId("support")
                .setPriorityId("normal")
                .setStatusId("open")
                .setLifecycle(LifecycleState.OPEN)
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
