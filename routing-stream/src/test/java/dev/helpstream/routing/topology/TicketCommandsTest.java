package dev.helpstream.routing.topology;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.helpstream.schema.RejectionCode;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.command.AddCc;
import dev.helpstream.schema.command.AddNote;
import dev.helpstream.schema.command.Assign;
import dev.helpstream.schema.command.Capture;
import dev.helpstream.schema.command.ChangePriority;
import dev.helpstream.schema.command.ChangeProgress;
import dev.helpstream.schema.command.ChangeStatus;
import dev.helpstream.schema.command.Close;
import dev.helpstream.schema.command.CreateTicket;
import dev.helpstream.schema.command.CustomerReply;
import dev.helpstream.schema.command.Delete;
import dev.helpstream.schema.command.LogTime;
import dev.helpstream.schema.command.MarkNotSpam;
import dev.helpstream.schema.command.MarkSpam;
import dev.helpstream.schema.command.Merge;
import dev.helpstream.schema.command.RemoveCc;
import dev.helpstream.schema.command.Reopen;
import dev.helpstream.schema.command.Reply;
import dev.helpstream.schema.command.SetImportant;
import dev.helpstream.schema.command.SetTags;
import dev.helpstream.schema.command.StartTimer;
import dev.helpstream.schema.command.StopTimer;
import dev.helpstream.schema.command.Transfer;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.event.CcChanged;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketMerged;
import dev.helpstream.schema.event.TicketMergedIn;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TimerStopped;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.MergeStage;
import dev.helpstream.schema.internal.MergeStep;
import dev.helpstream.schema.internal.TicketAggregate;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every command the ticket aggregate takes, checked against the ticket's state and the configuration. */
class TicketCommandsTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Actor ANA = new Actor(ActorKind.AGENT, "ana", "Ana", "ana@helpdesk.test");
    private static final Actor BOB = new Actor(ActorKind.AGENT, "bob", "Bob", "bob@helpdesk.test");
    private static final Actor ALICE = new Actor(ActorKind.CUSTOMER, "alice@example.com", "Alice", "alice@example.com");
    private static final Actor MALLORY =
            new Actor(ActorKind.CUSTOMER, "mallory@example.com", "Mallory", "mallory@example.com");

    private RoutingDriver routing;
    private TopologyTestDriver driver;
    private TestInputTopic<String, InboundMessage> inbound;
    private TestInputTopic<String, TicketCommand> commands;
    private TestOutputTopic<String, TicketEvent> events;
    private TestOutputTopic<String, Ticket> state;
    private TestOutputTopic<String, CommandResult> results;
    private TestOutputTopic<String, DirectoryEntry> directory;
    private Instant clock = T0;
    private int commandCounter;
    private String ticketId;

    @BeforeEach
    void start() {
        routing = new RoutingDriver("commands-test", T0);
        driver = routing.driver();
        inbound = routing.input(Topics.INBOUND);
        commands = routing.input(Topics.COMMANDS);
        events = routing.output(Topics.EVENTS);
        state = routing.output(Topics.STATE);
        results = routing.output(Topics.COMMAND_RESULTS);
        directory = routing.output(Topics.ROUTING_DIRECTORY);

        configure(
                ConfigEntityType.DEPARTMENT,
                "support",
                Department.newBuilder()
                        .setName("Support")
                        .setAgentIds(List.of("ana"))
                        .build());
        configure(
                ConfigEntityType.DEPARTMENT,
                "sales",
                Department.newBuilder()
                        .setName("Sales")
                        .setAgentIds(List.of("bob"))
                        .build());
        configure(ConfigEntityType.AGENT, "ana", agent("ana", "support"));
        configure(ConfigEntityType.AGENT, "bob", agent("bob", "sales"));
        configure(
                ConfigEntityType.PRIORITY,
                "urgent",
                Priority.newBuilder().setName("Urgent").setRank(1).build());
        configure(
                ConfigEntityType.HELPDESK_SETTINGS,
                ConfigKeys.SETTINGS_ID,
                HelpdeskSettings.newBuilder()
                        .setDefaultDepartmentId("support")
                        .setReopenWindowDays(7)
                        .build());

        inbound.pipeInput("<m1@x>", email("<m1@x>", "alice@example.com"), T0);
        ticketId = TicketIds.forInboundMessage("<m1@x>");
        events.readValuesToList();
        state.readValuesToList();
        directory.readValuesToList();
    }

    @AfterEach
    void stop() {
        routing.close();
    }

    @Test
    void shouldLetATeamAgentTakeChargeAndOpenTheTicket() {
        CommandResult result = send(new Capture(), ANA);

        assertAccepted(result, 3);
        List<TicketEvent> all = events.readValuesToList();
        assertThat(names(all)).containsExactly("TicketCaptured", "StatusChanged");
        assertThat(all).allSatisfy(event -> {
            assertThat(event.getActor()).isEqualTo(ANA);
            assertThat(event.getOccurredAt()).isEqualTo(clock);
            assertThat(event.getCorrelationId()).isEqualTo("corr-" + commandCounter);
            assertThat(event.getCausationId()).isEqualTo("cmd-" + commandCounter);
        });
        Ticket ticket = lastSnapshot();
        assertThat(ticket.getAssigneeId()).isEqualTo("ana");
        assertThat(ticket.getLifecycle()).isEqualTo(LifecycleState.OPEN);
        assertThat(ticket.getStartedAt()).isEqualTo(clock);
        assertThat(ticket.getVersion()).isEqualTo(3);
    }

    @Test
    void shouldRefuseAgentsOutsideTheTicketsDepartment() {
        assertRejected(send(new Capture(), BOB), RejectionCode.FORBIDDEN, null);
        assertThat(events.isEmpty()).isTrue();
        assertThat(state.isEmpty()).isTrue();
    }

    @Test
    void shouldAssignOnlyToAgentsOfTheDepartmentsTeam() {
        assertRejected(send(new Assign("bob"), ANA), RejectionCode.NOT_IN_DEPARTMENT, "agentId");
        assertAccepted(send(new Assign("ana"), ANA), 2);
        assertThat(lastSnapshot().getAssigneeId()).isEqualTo("ana");
    }

    @Test
    void shouldNotAssignAnAgentWhoIsNotOnTheSupportTeam() {
        configure(
                ConfigEntityType.AGENT,
                "dan",
                Agent.newBuilder(agent("dan", "support")).setSupportTeam(false).build());

        assertRejected(send(new Assign("dan"), ANA), RejectionCode.NOT_IN_DEPARTMENT, "agentId");
        assertRejected(
                send(new Capture(), new Actor(ActorKind.AGENT, "dan", "Dan", null)), RejectionCode.FORBIDDEN, null);
    }

    @Test
    void shouldUnassignWhenTransferredToADepartmentTheAssigneeIsNotIn() {
        send(new Assign("ana"), ANA);
        events.readValuesToList();

        assertAccepted(send(new Transfer("sales", null, "billing question"), ANA), 4);

        assertThat(names(events.readValuesToList())).containsExactly("TicketTransferred", "TicketAssigned");
        Ticket ticket = lastSnapshot();
        assertThat(ticket.getDepartmentId()).isEqualTo("sales");
        assertThat(ticket.getAssigneeId()).isNull();
        assertRejected(send(new Capture(), ANA), RejectionCode.FORBIDDEN, null);
    }

    @Test
    void shouldSendAStaffReplyAndCloseItWhenAsked() {
        CommandResult result = send(
                Reply.newBuilder()
                        .setBody(body("Rebooted, should be fine"))
                        .setCloseOnReply(true)
                        .setCc(List.of(new Contact("cto@example.com", "CTO", null)))
                        .build(),
                ANA);

        assertAccepted(result, 6);
        List<TicketEvent> all = events.readValuesToList();
        assertThat(names(all))
                .containsExactly("CcChanged", "MessageAdded", "TicketAssigned", "StatusChanged", "TicketClosed");
        MessageAdded reply = (MessageAdded) all.get(1).getPayload();
        assertThat(reply.getDirection()).isEqualTo(MessageDirection.OUTBOUND);
        assertThat(reply.getAuthor()).isEqualTo(ANA);
        assertThat(reply.getCc()).extracting(Contact::getEmail).containsExactly("cto@example.com");
        assertThat(((TicketClosed) all.get(4).getPayload()).getReason()).isEqualTo(CloseReason.CLOSE_ON_REPLY);
        Ticket ticket = lastSnapshot();
        assertThat(ticket.getLifecycle()).isEqualTo(LifecycleState.CLOSED);
        assertThat(ticket.getClosedAt()).isEqualTo(clock);
        assertThat(ticket.getMessageCount()).isEqualTo(2);
        assertThat(ticket.getLastStaffActivityAt()).isEqualTo(clock);
        assertThat(directory.readKeyValuesToMap().get("number:10000").getParticipants())
                .containsExactly("alice@example.com", "cto@example.com");
    }

    @Test
    void shouldKeepInternalNotesApartFromMessages() {
        assertAccepted(send(new AddNote(body("Customer is on the legacy plan"), List.of()), ANA), 2);

        assertThat(names(events.readValuesToList())).containsExactly("NoteAdded");
        Ticket ticket = lastSnapshot();
        assertThat(ticket.getNoteCount()).isEqualTo(1);
        assertThat(ticket.getMessageCount()).isEqualTo(1);
    }

    @Test
    void shouldAnswerARetriedCommandWithoutApplyingItTwice() {
        TicketCommand command = command(new SetImportant(true), ANA);
        commands.pipeInput(ticketId, command, clock);
        commands.pipeInput(ticketId, command, clock.plusSeconds(1));

        List<CommandResult> answers = results.readValuesToList();
        assertThat(answers).extracting(CommandResult::getDuplicate).containsExactly(false, true);
        assertThat(answers).extracting(CommandResult::getNewVersion).containsExactly(2L, 2L);
        assertThat(names(events.readValuesToList())).containsExactly("ImportantChanged");
    }

    @Test
    void shouldRefuseACommandMadeAgainstAnOlderVersion() {
        TicketCommand stale = TicketCommand.newBuilder(command(new ChangePriority("urgent"), ANA))
                .setExpectedVersion(0L)
                .build();
        commands.pipeInput(ticketId, stale, clock);

        assertRejected(results.readValue(), RejectionCode.VERSION_CONFLICT, "expectedVersion");
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownTicket() {
        commands.pipeInput("no-such-ticket", command(new Capture(), ANA), clock);

        CommandResult result = results.readKeyValue().value;
        assertRejected(result, RejectionCode.NOT_FOUND, null);
        assertThat(result.getTicketId()).isEqualTo("no-such-ticket");
    }

    @Test
    void shouldRefuseACustomerReplyOutsideTheReopenWindowAndReopenWithinIt() {
        send(new Close("solved"), ANA);
        events.readValuesToList();

        clock = clock.plus(Duration.ofDays(8));
        assertRejected(
                send(new CustomerReply(body("still broken"), List.of()), ALICE),
                RejectionCode.REOPEN_WINDOW_EXPIRED,
                null);

        clock = T0.plus(Duration.ofDays(6));
        assertAccepted(send(new CustomerReply(body("still broken"), List.of()), ALICE), 4);
        assertThat(names(events.readValuesToList())).containsExactly("TicketReopened", "MessageAdded");
        assertThat(lastSnapshot().getLifecycle()).isEqualTo(LifecycleState.OPEN);
    }

    @Test
    void shouldLetStaffReopenAlwaysAndCustomersNeverWhenTheWindowIsZero() {
        configure(
                ConfigEntityType.HELPDESK_SETTINGS,
                ConfigKeys.SETTINGS_ID,
                HelpdeskSettings.newBuilder()
                        .setDefaultDepartmentId("support")
                        .setReopenWindowDays(0)
                        .build());
        send(new Close(null), ALICE);

        assertRejected(send(new Reopen(), ALICE), RejectionCode.REOPEN_WINDOW_EXPIRED, null);
        assertAccepted(send(new Reopen(), ANA), 3);
    }

    @Test
    void shouldLetCustomersActOnlyOnTheirOwnTicketsAndNeverAddNotes() {
        assertRejected(send(new AddNote(body("let me see"), List.of()), ALICE), RejectionCode.FORBIDDEN, null);
        assertRejected(send(new CustomerReply(body("hi"), List.of()), MALLORY), RejectionCode.FORBIDDEN, null);
        assertRejected(send(new CustomerReply(body("hi"), List.of()), ANA), RejectionCode.FORBIDDEN, null);
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldMarkTheSenderAsSpamAndUndoItWithNotSpam() {
        assertAccepted(send(new MarkSpam(true), ANA), 2);
        assertThat(names(events.readValuesToList())).containsExactly("MarkedSpam");
        assertThat(directory.readKeyValuesToMap()).containsOnlyKeys("spam:alice@example.com");
        inbound.pipeInput("<m2@x>", email("<m2@x>", "alice@example.com"), clock);
        assertThat(spamFlags(events.readValuesToList())).containsExactly(true);

        assertAccepted(send(new MarkNotSpam(), ANA), 3);
        assertThat(names(events.readValuesToList())).containsExactly("MarkedNotSpam");
        Map<String, DirectoryEntry> removed = directory.readKeyValuesToMap();
        assertThat(removed).containsKey("spam:alice@example.com");
        assertThat(removed.get("spam:alice@example.com")).isNull();
        assertThat(lastSnapshot().getSpam()).isFalse();
        inbound.pipeInput("<m3@x>", email("<m3@x>", "alice@example.com"), clock);
        assertThat(spamFlags(events.readValuesToList())).containsExactly(false);
    }

    @Test
    void shouldAddUpTimeEntriesAndTimerSessionsPerTicketAndPerAgent() {
        send(new LogTime(30, "diagnosis", null, T0), ANA);
        send(new StartTimer(), ANA);
        clock = clock.plusSeconds(20 * 60 + 10);
        assertAccepted(send(new StopTimer(null), ANA), 4);

        List<TicketEvent> all = events.readValuesToList();
        assertThat(names(all)).containsExactly("TimeLogged", "TimerStarted", "TimerStopped");
        assertThat(((TimerStopped) all.get(2).getPayload()).getMinutes()).isEqualTo(21);
        Ticket ticket = lastSnapshot();
        assertThat(ticket.getTimeSpentMinutes()).isEqualTo(51);
        assertThat(ticket.getRunningTimers()).isEmpty();
        assertThat(ticket.getTimeSpentByAgent()).isEqualTo(Map.of("ana", 51L));
        assertRejected(send(new StopTimer(null), ANA), RejectionCode.INVALID, "actor");
    }

    @Test
    void shouldLetACcThreadBySubjectTagOnceAddedAndNotAfterRemoval() {
        assertAccepted(send(new AddCc(new Contact("bob@example.com", "Bob", null)), ANA), 2);
        assertThat(((CcChanged) events.readValue().getPayload()).getAdded())
                .extracting(Contact::getEmail)
                .containsExactly("bob@example.com");
        inbound.pipeInput("<c1@x>", tagged("<c1@x>", "bob@example.com"), clock);
        assertThat(names(events.readValuesToList())).containsExactly("MessageAdded");

        assertAccepted(send(new RemoveCc("Bob@Example.com"), ANA), 4);
        events.readValuesToList();
        inbound.pipeInput("<c2@x>", tagged("<c2@x>", "bob@example.com"), clock);
        assertThat(names(events.readValuesToList())).containsExactly("TicketOpened");
    }

    @Test
    void shouldValidateFieldValues() {
        assertRejected(send(new ChangeProgress(150), ANA), RejectionCode.INVALID, "percent");
        assertRejected(send(new ChangePriority("whenever"), ANA), RejectionCode.INVALID, "priorityId");
        assertRejected(send(new ChangeStatus("sleeping"), ANA), RejectionCode.INVALID, "statusId");
        assertRejected(send(new Delete(" "), ANA), RejectionCode.INVALID, "reason");
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldMapStatusesToLifecycleStates() {
        assertAccepted(send(new ChangeStatus("resolved"), ANA), 2);
        assertThat(lastSnapshot().getResolvedAt()).isEqualTo(clock);
        assertAccepted(send(new ChangeStatus("closed"), ANA), 3);

        assertThat(names(events.readValuesToList())).containsExactly("StatusChanged", "TicketClosed");
        assertThat(lastSnapshot().getLifecycle()).isEqualTo(LifecycleState.CLOSED);
        assertRejected(send(new ChangeStatus("open"), ANA), RejectionCode.CLOSED, "statusId");
    }

    @Test
    void shouldSoftDeleteAndThenRefuseEveryCommand() {
        assertAccepted(send(new Delete("duplicate of #10006"), ANA), 2);
        assertThat(lastSnapshot().getDeleted()).isTrue();

        assertRejected(send(new SetImportant(true), ANA), RejectionCode.DELETED, null);
    }

    @Test
    void shouldKeepTagsAsASetAndReportWhatChanged() {
        send(new SetTags(List.of("dns", "vip", "dns")), ANA);
        send(new SetTags(List.of("vip", "billing")), ANA);

        List<TicketEvent> all = events.readValuesToList();
        assertThat(all.get(1).getPayload().toString())
                .isEqualTo("{\"added\": [\"billing\"], \"removed\": [\"dns\"], \"tags\": [\"vip\", \"billing\"]}");
        assertThat(lastSnapshot().getTags()).containsExactly("vip", "billing");
    }

    @Test
    void shouldCreateATicketFromACommandWithTheNextNumber() {
        TicketCommand create = TicketCommand.newBuilder(command(
                        CreateTicket.newBuilder()
                                .setSubject("Phone call: SSL renewal")
                                .setCustomer(new Contact("carol@example.com", "Carol", "Acme"))
                                .setBody(body("Called about the certificate"))
                                .setPriorityId("urgent")
                                .build(),
                        ANA))
                .setTicketId("t-phone-1")
                .build();
        commands.pipeInput("t-phone-1", create, clock);

        CommandResult result = results.readValue();
        assertThat(result.getOutcome()).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(result.getTicketNumber()).isEqualTo(10_006L);
        TicketOpened opened = (TicketOpened) events.readValue().getPayload();
        assertThat(opened.getChannel()).isEqualTo(Channel.STAFF);
        assertThat(opened.getDepartmentId()).isEqualTo("support");
        assertThat(opened.getPriorityId()).isEqualTo("urgent");
        commands.pipeInput(
                "t-phone-1",
                TicketCommand.newBuilder(create).setCommandId("other").build(),
                clock);
        assertRejected(results.readValue(), RejectionCode.INVALID, "ticketId");
    }

    @Test
    void shouldMergeATicketIntoAnotherAndSendItsMailThereFromThenOn() {
        inbound.pipeInput("<t1@x>", email("<t1@x>", "alice@example.com"), clock);
        String target = TicketIds.forInboundMessage("<t1@x>");
        events.readValuesToList();
        state.readValuesToList();

        CommandResult result = send(new Merge(target), ANA);

        assertAccepted(result, 3);
        assertThat(result.getTicketId()).isEqualTo(ticketId);
        List<TicketEvent> all = events.readValuesToList();
        assertThat(all)
                .extracting(
                        event -> event.getTicketId().equals(target) ? "target:" + name(event) : "source:" + name(event))
                .containsExactly("target:TicketMergedIn", "source:TicketMerged", "source:TicketClosed");
        TicketMergedIn mergedIn = (TicketMergedIn) all.get(0).getPayload();
        assertThat(mergedIn.getFromTicketId()).isEqualTo(ticketId);
        assertThat(mergedIn.getFromTicketNumber()).isEqualTo(10_000);
        assertThat(mergedIn.getEmailMessageIds()).containsExactly("<m1@x>");
        assertThat(((TicketMerged) all.get(1).getPayload()).getIntoTicketNumber())
                .isEqualTo(10_006);
        assertThat(((TicketClosed) all.get(2).getPayload()).getReason()).isEqualTo(CloseReason.MERGED);
        assertThat(all).allSatisfy(event -> assertThat(event.getCorrelationId()).isEqualTo("corr-" + commandCounter));

        inbound.pipeInput(
                "<m9@x>",
                InboundMessage.newBuilder(email("<m9@x>", "alice@example.com"))
                        .setInReplyTo("<m1@x>")
                        .build(),
                clock);
        TicketEvent reply = events.readValue();
        assertThat(reply.getTicketId()).isEqualTo(target);
        assertThat(name(reply)).isEqualTo("MessageAdded");
        assertRejected(send(new Merge(target), ANA), RejectionCode.ALREADY_MERGED, null);
        assertRejected(send(new Reopen(), ANA), RejectionCode.ALREADY_MERGED, null);
    }

    @Test
    void shouldRefuseMergingIntoAnUnknownTicketOrItself() {
        CommandResult unknown = send(new Merge("no-such-ticket"), ANA);
        assertRejected(unknown, RejectionCode.NOT_FOUND, "targetTicketId");
        assertThat(unknown.getMessage()).isEqualTo("no ticket no-such-ticket");
        assertRejected(send(new Merge(ticketId), ANA), RejectionCode.INVALID, "targetTicketId");
        assertThat(events.isEmpty()).isTrue();
        assertThat(state.isEmpty()).isTrue();
        assertThat(driver.<String, TicketAggregate>getKeyValueStore(RoutingTopology.TICKET_STORE)
                        .get(ticketId)
                        .getTicket()
                        .getMergedIntoTicketId())
                .isNull();
    }

    @Test
    void shouldNotStartASecondMergeWhileOneIsPendingNorMergeIntoATicketBeingMerged() {
        inbound.pipeInput("<t1@x>", email("<t1@x>", "alice@example.com"), clock);
        String other = TicketIds.forInboundMessage("<t1@x>");
        events.readValuesToList();
        var store = driver.<String, TicketAggregate>getKeyValueStore(RoutingTopology.TICKET_STORE);
        MergeStep pending = MergeStep.newBuilder()
                .setStage(MergeStage.REQUESTED)
                .setSourceTicketId(other)
                .setSourceTicketNumber(10_006)
                .setTargetTicketId("somewhere-else")
                .setCommandId("cmd-elsewhere")
                .setCorrelationId("corr-elsewhere")
                .setActor(ANA)
                .build();
        store.put(
                other,
                TicketAggregate.newBuilder(store.get(other))
                        .setPendingMerge(pending)
                        .build());

        assertRejected(send(new Merge(other), ANA), RejectionCode.ALREADY_MERGED, "targetTicketId");
        store.put(
                ticketId,
                TicketAggregate.newBuilder(store.get(ticketId))
                        .setPendingMerge(pending)
                        .build());
        assertRejected(send(new Merge(other), ANA), RejectionCode.INVALID, "targetTicketId");
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldValidateCreatedTicketsLikeEveryOtherChange() {
        TicketCommand forSomeoneElse = TicketCommand.newBuilder(command(
                        CreateTicket.newBuilder()
                                .setSubject("Not mine")
                                .setCustomer(new Contact("victim@example.com", null, null))
                                .setBody(body("hi"))
                                .build(),
                        ALICE))
                .setTicketId("t-portal-1")
                .build();
        commands.pipeInput("t-portal-1", forSomeoneElse, clock);
        assertRejected(results.readValue(), RejectionCode.FORBIDDEN, "customer");

        TicketCommand wrongAssignee = TicketCommand.newBuilder(command(
                        CreateTicket.newBuilder()
                                .setSubject("Phone call")
                                .setCustomer(new Contact("carol@example.com", null, null))
                                .setBody(body("hi"))
                                .setAssigneeId("bob")
                                .build(),
                        ANA))
                .setTicketId("t-phone-2")
                .build();
        commands.pipeInput("t-phone-2", wrongAssignee, clock);
        assertRejected(results.readValue(), RejectionCode.NOT_IN_DEPARTMENT, "assigneeId");

        send(new MarkSpam(true), ANA);
        TicketCommand fromSpammer = TicketCommand.newBuilder(command(
                        CreateTicket.newBuilder()
                                .setSubject("Again")
                                .setCustomer(new Contact("alice@example.com", null, null))
                                .setBody(body("buy now"))
                                .setPriorityId("urgent")
                                .build(),
                        ALICE))
                .setTicketId("t-portal-2")
                .build();
        events.readValuesToList();
        commands.pipeInput("t-portal-2", fromSpammer, clock);
        CommandResult created = results.readValue();
        assertThat(created.getTicketNumber())
                .as("refused creations spend no number")
                .isEqualTo(10_006L);
        TicketOpened opened = (TicketOpened) events.readValue().getPayload();
        assertThat(opened.getSpam()).isTrue();
        assertThat(opened.getPriorityId())
                .as("customers do not choose the priority")
                .isEqualTo("normal");
    }

    @Test
    void shouldNotCloseAClosedTicketAgainOnReplyAndLetTheOwnerStopATimerAfterATransfer() {
        send(new StartTimer(), ANA);
        send(new Close(null), ANA);
        events.readValuesToList();
        assertAccepted(
                send(
                        Reply.newBuilder()
                                .setBody(body("for the record"))
                                .setCloseOnReply(true)
                                .build(),
                        ANA),
                5);
        assertThat(names(events.readValuesToList())).containsExactly("MessageAdded", "TicketAssigned");

        send(new Transfer("sales", null, null), ANA);
        assertAccepted(send(new StopTimer(null), ANA), 8);
    }

    private static String name(TicketEvent event) {
        return event.getPayload().getClass().getSimpleName();
    }

    private CommandResult send(Object payload, Actor actor) {
        commands.pipeInput(ticketId, command(payload, actor), clock);
        return results.readValue();
    }

    private TicketCommand command(Object payload, Actor actor) {
        commandCounter++;
        return TicketCommand.newBuilder()
                .setCommandId("cmd-" + commandCounter)
                .setCorrelationId("corr-" + commandCounter)
                .setTicketId(ticketId)
                .setIssuedAt(clock)
                .setActor(actor)
                .setPayload(payload)
                .build();
    }

    private static void assertAccepted(CommandResult result, long version) {
        assertThat(result.getOutcome()).as(String.valueOf(result.getMessage())).isEqualTo(CommandOutcome.ACCEPTED);
        assertThat(result.getNewVersion()).isEqualTo(version);
        assertThat(result.getRejectionCode()).isNull();
    }

    private static void assertRejected(CommandResult result, RejectionCode code, String field) {
        assertThat(result.getOutcome()).isEqualTo(CommandOutcome.REJECTED);
        assertThat(result.getRejectionCode())
                .as(String.valueOf(result.getMessage()))
                .isEqualTo(code);
        assertThat(result.getField()).isEqualTo(field);
        assertThat(result.getMessage()).isNotBlank();
        assertThat(result.getNewVersion()).isNull();
    }

    private static List<String> names(List<TicketEvent> events) {
        return events.stream()
                .map(event -> event.getPayload().getClass().getSimpleName())
                .toList();
    }

    private static List<Boolean> spamFlags(List<TicketEvent> events) {
        return events.stream()
                .map(event -> ((TicketOpened) event.getPayload()).getSpam())
                .toList();
    }

    private Ticket lastSnapshot() {
        List<Ticket> all = state.readValuesToList();
        return all.get(all.size() - 1);
    }

    private void configure(ConfigEntityType type, String id, Object payload) {
        routing.configure(type, id, payload);
    }

    private static Agent agent(String id, String department) {
        return Agent.newBuilder()
                .setUsername(id)
                .setDisplayName(id)
                .setEmail(id + "@helpdesk.test")
                .setDepartmentIds(List.of(department))
                .build();
    }

    private static MessageBody body(String text) {
        return MessageBody.newBuilder().setText(text).build();
    }

    private static InboundMessage email(String messageId, String from) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(Channel.EMAIL)
                .setReceivedAt(T0)
                .setFrom(new Contact(from, null, null))
                .setSubject("Server down")
                .setBody(body("It is down"))
                .build();
    }

    private static InboundMessage tagged(String messageId, String from) {
        return InboundMessage.newBuilder(email(messageId, from))
                .setSubject("Re: [#10000] Server down")
                .build();
    }
}
