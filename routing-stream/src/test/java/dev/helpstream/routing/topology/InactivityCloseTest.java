package dev.helpstream.routing.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.CommandOutcome;
import dev.helpstream.schema.CommandResult;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.command.AddNote;
import dev.helpstream.schema.command.ChangeStatus;
import dev.helpstream.schema.command.Close;
import dev.helpstream.schema.command.CustomerReply;
import dev.helpstream.schema.command.Delete;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.TicketAggregate;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inactivity auto-close: sla-stream's {@code AUTO_CLOSE_DUE} timers reaching the ticket aggregate. */
class InactivityCloseTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant WAITING_SINCE = T0.plus(Duration.ofHours(1));
    private static final Instant SEVEN_DAYS_LATER = WAITING_SINCE.plus(Duration.ofDays(7));
    private static final Actor ANA = new Actor(ActorKind.AGENT, "ana", "Ana", "ana@helpdesk.test");
    private static final Actor ALICE = new Actor(ActorKind.CUSTOMER, "alice@example.com", "Alice", "alice@example.com");
    private static final Actor TIMER = new Actor(ActorKind.SYSTEM, "sla", "Inactivity timer", null);

    private RoutingDriver routing;
    private TestInputTopic<String, InboundMessage> inbound;
    private TestInputTopic<String, TicketCommand> commands;
    private TestInputTopic<String, SlaEvent> sla;
    private TestOutputTopic<String, TicketEvent> events;
    private TestOutputTopic<String, Ticket> state;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, DirectoryEntry> directory;
    private String ticketId;
    private int commandCounter;

    @BeforeEach
    void start() {
        routing = new RoutingDriver("inactivity-test", T0);
        inbound = routing.input(Topics.INBOUND);
        commands = routing.input(Topics.COMMANDS);
        sla = routing.input(Topics.SLA);
        events = routing.output(Topics.EVENTS);
        state = routing.output(Topics.STATE);
        results = routing.output(Topics.COMMAND_RESULTS);
        directory = routing.output(Topics.ROUTING_DIRECTORY);

        routing.configure(
                ConfigEntityType.DEPARTMENT,
                "support",
                Department.newBuilder()
                        .setName("Support")
                        .setAgentIds(List.of("ana"))
                        .build());
        routing.configure(
                ConfigEntityType.AGENT,
                "ana",
                Agent.newBuilder()
                        .setUsername("ana")
                        .setDisplayName("Ana")
                        .setEmail("ana@helpdesk.test")
                        .setDepartmentIds(List.of("support"))
                        .build());
        status("awaiting-reply", LifecycleState.WAITING_ON_CUSTOMER, 3);
        status("solved", LifecycleState.RESOLVED, 4);
        // Two closed statuses: a close picks the first by order, whatever the order of saving.
        status("archived", LifecycleState.CLOSED, 6);
        status("done", LifecycleState.CLOSED, 5);
        autoCloseAfter(7);

        inbound.pipeInput("<m1@x>", email("<m1@x>"), T0);
        ticketId = TicketIds.forInboundMessage("<m1@x>");
        drain();
    }

    @AfterEach
    void stop() {
        routing.close();
    }

    @Test
    void shouldCloseATicketWaitingOnTheCustomerForSevenDaysWithReasonInactivity() {
        command(new ChangeStatus("awaiting-reply"), ANA, WAITING_SINCE);
        drain();

        sla.pipeInput(ticketId, autoCloseDue("sla-1", SEVEN_DAYS_LATER), SEVEN_DAYS_LATER);

        TicketEvent closed = events.readValue();
        assertThat(closed.getEventId()).isEqualTo(ticketId + ":3");
        assertThat(closed.getTicketId()).isEqualTo(ticketId);
        assertThat(closed.getTicketNumber()).isEqualTo(10_000);
        assertThat(closed.getVersion()).isEqualTo(3);
        assertThat(closed.getOccurredAt()).isEqualTo(SEVEN_DAYS_LATER);
        assertThat(closed.getActor()).isEqualTo(TIMER);
        assertThat(closed.getCorrelationId()).isNull();
        assertThat(closed.getCausationId()).isEqualTo("sla-1");
        assertThat(closed.getPayload())
                .isEqualTo(
                        new TicketClosed(CloseReason.INACTIVITY, "no activity for 7 days", "awaiting-reply", "done"));
        assertThat(events.isEmpty()).isTrue();

        Ticket snapshot = state.readValue();
        assertThat(snapshot.getVersion()).isEqualTo(3);
        assertThat(snapshot.getLifecycle()).isEqualTo(LifecycleState.CLOSED);
        assertThat(snapshot.getStatusId()).isEqualTo("done");
        assertThat(snapshot.getClosedAt()).isEqualTo(SEVEN_DAYS_LATER);
        assertThat(snapshot.getResolvedAt()).isEqualTo(SEVEN_DAYS_LATER);
        assertThat(snapshot.getUpdatedAt()).isEqualTo(SEVEN_DAYS_LATER);
        assertThat(state.isEmpty()).isTrue();
        assertThat(stored().getTicket()).isEqualTo(snapshot);
        assertThat(results.isEmpty()).isTrue();
        assertThat(directory.isEmpty()).isTrue();
    }

    @Test
    void shouldCloseAResolvedTicketAndKeepWhenItWasResolved() {
        command(new ChangeStatus("solved"), ANA, WAITING_SINCE);
        drain();

        sla.pipeInput(ticketId, autoCloseDue("sla-1", SEVEN_DAYS_LATER), SEVEN_DAYS_LATER.plusSeconds(30));

        TicketClosed closed = (TicketClosed) events.readValue().getPayload();
        assertThat(closed.getReason()).isEqualTo(CloseReason.INACTIVITY);
        assertThat(closed.getFromStatusId()).isEqualTo("solved");
        assertThat(closed.getToStatusId()).isEqualTo("done");
        Ticket snapshot = state.readValue();
        assertThat(snapshot.getClosedAt()).isEqualTo(SEVEN_DAYS_LATER.plusSeconds(30));
        assertThat(snapshot.getResolvedAt()).isEqualTo(WAITING_SINCE);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreATimerMadeStaleByLaterActivityAndCloseOnTheRearmedOne() {
        command(new ChangeStatus("awaiting-reply"), ANA, WAITING_SINCE);
        Instant noteAt = WAITING_SINCE.plus(Duration.ofDays(2));
        command(new AddNote(MessageBody.newBuilder().setText("called them").build(), List.of()), ANA, noteAt);
        drain();

        sla.pipeInput(ticketId, autoCloseDue("sla-stale", SEVEN_DAYS_LATER), SEVEN_DAYS_LATER);

        assertNothingHappened();
        assertThat(stored().getTicket().getLifecycle()).isEqualTo(LifecycleState.WAITING_ON_CUSTOMER);

        Instant rearmed = noteAt.plus(Duration.ofDays(7));
        sla.pipeInput(ticketId, autoCloseDue("sla-rearmed", rearmed), rearmed);

        TicketEvent closed = events.readValue();
        assertThat(closed.getCausationId()).isEqualTo("sla-rearmed");
        assertThat(closed.getVersion()).isEqualTo(4);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreATimerOfATicketTheCustomerAnsweredAndThatIsOpenAgain() {
        command(new ChangeStatus("awaiting-reply"), ANA, WAITING_SINCE);
        command(
                new CustomerReply(
                        MessageBody.newBuilder().setText("still broken").build(), List.of()),
                ALICE,
                WAITING_SINCE.plusSeconds(60));
        drain();
        assertThat(stored().getTicket().getLifecycle()).isEqualTo(LifecycleState.OPEN);

        Instant muchLater = WAITING_SINCE.plus(Duration.ofDays(30));
        sla.pipeInput(ticketId, autoCloseDue("sla-1", muchLater), muchLater);

        assertNothingHappened();
        assertThat(stored().getTicket().getLifecycle()).isEqualTo(LifecycleState.OPEN);
    }

    @Test
    void shouldNeverCloseWhenAutoCloseIsZeroDays() {
        command(new ChangeStatus("awaiting-reply"), ANA, WAITING_SINCE);
        drain();
        autoCloseAfter(0);

        Instant muchLater = WAITING_SINCE.plus(Duration.ofDays(365));
        sla.pipeInput(ticketId, autoCloseDue("sla-1", muchLater), muchLater);

        assertNothingHappened();
    }

    @Test
    void shouldCloseOnceWhenTheSameTimerArrivesTwice() {
        command(new ChangeStatus("awaiting-reply"), ANA, WAITING_SINCE);
        drain();
        SlaEvent due = autoCloseDue("sla-1", SEVEN_DAYS_LATER);

        sla.pipeInput(ticketId, due, SEVEN_DAYS_LATER);
        sla.pipeInput(ticketId, due, SEVEN_DAYS_LATER);
        sla.pipeInput(
                ticketId, autoCloseDue("sla-2", SEVEN_DAYS_LATER.plusSeconds(1)), SEVEN_DAYS_LATER.plusSeconds(1));

        assertThat(events.readValuesToList())
                .extracting(TicketEvent::getCausationId, TicketEvent::getVersion)
                .containsExactly(tuple("sla-1", 3L));
        assertThat(state.readValuesToList()).hasSize(1);
        assertThat(stored().getTicket().getVersion()).isEqualTo(3);
    }

    @Test
    void shouldIgnoreTicketsClosedDeletedOrUnknown() {
        command(new ChangeStatus("awaiting-reply"), ANA, WAITING_SINCE);
        command(new Close("sorted by phone"), ANA, WAITING_SINCE.plusSeconds(1));
        drain();
        sla.pipeInput(ticketId, autoCloseDue("sla-1", SEVEN_DAYS_LATER), SEVEN_DAYS_LATER.plusSeconds(1));
        assertNothingHappened();

        inbound.pipeInput("<m2@x>", email("<m2@x>"), T0);
        String other = TicketIds.forInboundMessage("<m2@x>");
        commands.pipeInput(other, command(other, new ChangeStatus("awaiting-reply"), ANA), WAITING_SINCE);
        commands.pipeInput(other, command(other, new Delete("test ticket"), ANA), WAITING_SINCE);
        drain();
        sla.pipeInput(other, autoCloseDue(other, "sla-2", SEVEN_DAYS_LATER), SEVEN_DAYS_LATER);
        assertNothingHappened();

        sla.pipeInput("no-such-ticket", autoCloseDue("no-such-ticket", "sla-3", SEVEN_DAYS_LATER), SEVEN_DAYS_LATER);
        assertNothingHappened();
    }

    @Test
    void shouldTakeNoOtherKindOfSlaEventAsAReasonToClose() {
        command(new ChangeStatus("awaiting-reply"), ANA, WAITING_SINCE);
        drain();

        int n = 0;
        for (SlaEventKind kind : Arrays.stream(SlaEventKind.values())
                .filter(kind -> kind != SlaEventKind.AUTO_CLOSE_DUE)
                .toList()) {
            SlaEvent other = SlaEvent.newBuilder(autoCloseDue("sla-" + ++n, SEVEN_DAYS_LATER))
                    .setKind(kind)
                    .setMetric(SlaMetric.RESOLUTION)
                    .setPolicyId("gold")
                    .build();
            sla.pipeInput(ticketId, other, SEVEN_DAYS_LATER);
        }

        assertThat(n).isEqualTo(SlaEventKind.values().length - 1);
        assertNothingHappened();
        assertThat(stored().getTicket().getLifecycle()).isEqualTo(LifecycleState.WAITING_ON_CUSTOMER);
    }

    private void assertNothingHappened() {
        assertThat(events.isEmpty()).isTrue();
        assertThat(state.isEmpty()).isTrue();
        assertThat(results.isEmpty()).isTrue();
        assertThat(directory.isEmpty()).isTrue();
    }

    private void command(Object payload, Actor actor, Instant at) {
        commands.pipeInput(ticketId, command(ticketId, payload, actor), at);
        CommandResult result = results.readValue();
        assertThat(result.getOutcome()).as(String.valueOf(result.getMessage())).isEqualTo(CommandOutcome.ACCEPTED);
    }

    private TicketCommand command(String ticket, Object payload, Actor actor) {
        commandCounter++;
        return TicketCommand.newBuilder()
                .setCommandId("cmd-" + commandCounter)
                .setCorrelationId("corr-" + commandCounter)
                .setTicketId(ticket)
                .setIssuedAt(T0)
                .setActor(actor)
                .setPayload(payload)
                .build();
    }

    private SlaEvent autoCloseDue(String eventId, Instant dueAt) {
        return autoCloseDue(ticketId, eventId, dueAt);
    }

    private static SlaEvent autoCloseDue(String ticket, String eventId, Instant dueAt) {
        return SlaEvent.newBuilder()
                .setEventId(eventId)
                .setTicketId(ticket)
                .setTicketNumber(10_000)
                .setOccurredAt(dueAt)
                .setKind(SlaEventKind.AUTO_CLOSE_DUE)
                .setDepartmentId("support")
                .build();
    }

    private void drain() {
        events.readValuesToList();
        state.readValuesToList();
        results.readValuesToList();
        directory.readValuesToList();
    }

    private TicketAggregate stored() {
        return routing.driver()
                .<String, TicketAggregate>getKeyValueStore(RoutingTopology.TICKET_STORE)
                .get(ticketId);
    }

    private void status(String id, LifecycleState lifecycle, int order) {
        routing.configure(
                ConfigEntityType.STATUS,
                id,
                Status.newBuilder()
                        .setName(id)
                        .setLifecycle(lifecycle)
                        .setOrder(order)
                        .build());
    }

    private void autoCloseAfter(int days) {
        routing.configure(
                ConfigEntityType.HELPDESK_SETTINGS,
                ConfigKeys.SETTINGS_ID,
                HelpdeskSettings.newBuilder()
                        .setDefaultDepartmentId("support")
                        .setAutoCloseInactiveDays(days)
                        .build());
    }

    private static InboundMessage email(String messageId) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(Channel.EMAIL)
                .setReceivedAt(T0)
                .setFrom(new Contact("alice@example.com", "Alice", null))
                .setSubject("Server down")
                .setBody(MessageBody.newBuilder().setText("It is down").build())
                .build();
    }
}
