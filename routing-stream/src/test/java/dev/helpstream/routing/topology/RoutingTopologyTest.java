package dev.helpstream.routing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundHints;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.StatusChanged;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.event.TicketReopened;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.TicketAggregate;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RoutingTopologyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private RoutingDriver routing;
    private TopologyTestDriver driver;
    private TestInputTopic<String, InboundMessage> inbound;
    private TestInputTopic<String, DirectoryEntry> directoryIn;
    private TestOutputTopic<String, TicketEvent> events;
    private TestOutputTopic<String, Ticket> state;
    private TestOutputTopic<String, DirectoryEntry> directory;

    @BeforeEach
    void start() {
        routing = new RoutingDriver("routing-test", T0);
        driver = routing.driver();
        inbound = routing.input(Topics.INBOUND);
        directoryIn = routing.input(Topics.ROUTING_DIRECTORY);
        events = routing.output(Topics.EVENTS);
        state = routing.output(Topics.STATE);
        directory = routing.output(Topics.ROUTING_DIRECTORY);
    }

    @AfterEach
    void stop() {
        routing.close();
    }

    @Test
    void shouldNameEveryProcessorStoreAndTopic() {
        TopologyDescription description =
                RoutingTopology.build(RoutingTopology.Settings.defaults()).describe();

        assertThat(description.globalStores())
                .extracting(store ->
                        store.processor().name() + "->" + store.processor().stores())
                .containsExactlyInAnyOrder("config-updater->[config-store]", "directory-updater->[ticket-directory]");
        assertThat(description.subtopologies())
                .flatExtracting(sub ->
                        sub.nodes().stream().map(TopologyDescription.Node::name).toList())
                .containsExactlyInAnyOrder(
                        "inbound-source",
                        "thread-resolver",
                        "resolved-sink",
                        "sender-gate-sink",
                        "sender-gate-source",
                        "sender-gate",
                        "admitted-sink",
                        "suppressed-sink",
                        "intake-source",
                        "commands-source",
                        "sla-source",
                        "ticket-aggregate",
                        "events-sink",
                        "state-sink",
                        "directory-sink",
                        "intake-sink",
                        "results-sink",
                        "resend-gate-sink");
        TopologyDescription.Processor aggregate = description.subtopologies().stream()
                .flatMap(sub -> sub.nodes().stream())
                .filter(node -> node.name().equals("ticket-aggregate"))
                .map(TopologyDescription.Processor.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(aggregate.stores()).containsExactlyInAnyOrder("ticket-store", "ticket-numbers");
        assertThat(description.subtopologies().stream()
                        .flatMap(sub -> sub.nodes().stream())
                        .filter(node -> node.name().equals("thread-resolver"))
                        .map(node -> ((TopologyDescription.Processor) node).stores())
                        .findFirst()
                        .orElseThrow())
                .containsExactly("seen-messages");
        assertThat(description.subtopologies().stream()
                        .flatMap(sub -> sub.nodes().stream())
                        .filter(node -> node.name().equals("sender-gate"))
                        .map(node -> ((TopologyDescription.Processor) node).stores())
                        .findFirst()
                        .orElseThrow())
                .containsExactly("sender-counts");
        assertThat(description.subtopologies().stream()
                        .flatMap(sub -> sub.nodes().stream())
                        .filter(node -> node instanceof TopologyDescription.Sink)
                        .map(node -> node.name() + "->" + ((TopologyDescription.Sink) node).topic())
                        .toList())
                .containsExactlyInAnyOrder(
                        "resolved-sink->routing.intake.v1",
                        "sender-gate-sink->routing.sender-gate.v1",
                        "admitted-sink->routing.intake.v1",
                        "suppressed-sink->tickets.events.v1",
                        "events-sink->tickets.events.v1",
                        "state-sink->tickets.state.v1",
                        "directory-sink->routing.directory.v1",
                        "intake-sink->routing.intake.v1",
                        "results-sink->tickets.command-results.v1",
                        "resend-gate-sink->routing.sender-gate.v1");
    }

    @Test
    void shouldOpenANumberedTicketForANewEmail() {
        inbound.pipeInput("<m1@example.com>", email("<m1@example.com>", "alice@example.com", "Server down"), T0);

        String ticketId = TicketIds.forInboundMessage("<m1@example.com>");
        TicketEvent opened = events.readValue();
        assertThat(opened.getEventId()).isEqualTo(ticketId + ":1");
        assertThat(opened.getTicketId()).isEqualTo(ticketId);
        assertThat(opened.getTicketNumber()).isEqualTo(10_000);
        assertThat(opened.getVersion()).isEqualTo(1);
        assertThat(opened.getOccurredAt()).isEqualTo(T0);
        assertThat(opened.getActor())
                .isEqualTo(new Actor(ActorKind.CUSTOMER, "alice@example.com", "Alice", "alice@example.com"));
        assertThat(opened.getCausationId()).isEqualTo("<m1@example.com>");
        TicketOpened payload = (TicketOpened) opened.getPayload();
        assertThat(payload.getSubject()).isEqualTo("Server down");
        assertThat(payload.getDepartmentId()).isEqualTo("general");
        assertThat(payload.getPriorityId()).isEqualTo("normal");
        assertThat(payload.getStatusId()).isEqualTo("new");
        assertThat(payload.getLifecycle()).isEqualTo(LifecycleState.NEW);
        assertThat(payload.getEmailMessageId()).isEqualTo("<m1@example.com>");
        assertThat(payload.getSpam()).isFalse();
        assertThat(events.isEmpty()).isTrue();

        Ticket snapshot = state.readKeyValue().value;
        assertThat(snapshot.getTicketId()).isEqualTo(ticketId);
        assertThat(snapshot.getNumber()).isEqualTo(10_000);
        assertThat(snapshot.getVersion()).isEqualTo(1);
        assertThat(snapshot.getMessageCount()).isEqualTo(1);
        assertThat(snapshot.getCreatedAt()).isEqualTo(T0);
        assertThat(snapshot.getEmailMessageIds()).containsExactly("<m1@example.com>");
        assertThat(state.isEmpty()).isTrue();

        assertThat(directory.readKeyValuesToMap())
                .containsOnlyKeys("number:10000", "message:<m1@example.com>")
                .containsEntry("number:10000", new DirectoryEntry(ticketId, List.of("alice@example.com"), null));
    }

    @Test
    void shouldOpenOneTicketWhenTheSameMessageArrivesTwice() {
        InboundMessage message = email("<dup@example.com>", "alice@example.com", "Twice");
        inbound.pipeInput("<dup@example.com>", message, T0);
        inbound.pipeInput("<dup@example.com>", message, T0.plusSeconds(5));

        assertThat(events.readValuesToList())
                .extracting(event -> event.getPayload().getClass().getSimpleName())
                .containsExactly("TicketOpened");
        assertThat(ticketStore().approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void shouldDropARedeliveredMessageEvenWhenItsFirstCopyOpenedAnotherTicket() {
        inbound.pipeInput("<m1@x>", email("<m1@x>", "alice@example.com", "Server down"), T0);
        InboundMessage stranger = InboundMessage.newBuilder(email("api-7", "bob@example.com", "[#10000] me too"))
                .setChannel(Channel.API)
                .build();
        inbound.pipeInput("api-7", stranger, T0.plusSeconds(1));
        assertThat(events.readValuesToList())
                .extracting(TicketEvent::getTicketNumber)
                .containsExactly(10_000L, 10_006L);

        directoryIn.pipeInput(
                "number:10000",
                new DirectoryEntry(
                        TicketIds.forInboundMessage("<m1@x>"), List.of("alice@example.com", "bob@example.com"), null),
                T0.plusSeconds(2));
        inbound.pipeInput("api-7", stranger, T0.plusSeconds(3));

        assertThat(events.isEmpty()).isTrue();
        assertThat(driver.<String, Long>getKeyValueStore(RoutingTopology.SEEN_STORE)
                        .get("api-7"))
                .isEqualTo(T0.plusSeconds(1).toEpochMilli());
    }

    @Test
    void shouldForgetSeenMessagesAfterThirtyDaysOfStreamTime() {
        inbound.pipeInput("<old@x>", email("<old@x>", "alice@example.com", "Old"), T0);
        inbound.pipeInput("<new@x>", email("<new@x>", "alice@example.com", "New"), T0.plus(Duration.ofDays(31)));

        var seen = driver.<String, Long>getKeyValueStore(RoutingTopology.SEEN_STORE);
        assertThat(seen.get("<old@x>")).isNull();
        assertThat(seen.get("<new@x>")).isEqualTo(T0.plus(Duration.ofDays(31)).toEpochMilli());
    }

    @Test
    void shouldNumberTicketsOneAfterTheOtherWithinAPartition() {
        inbound.pipeInput("<a@x>", email("<a@x>", "alice@example.com", "One"), T0);
        inbound.pipeInput("<b@x>", email("<b@x>", "bob@example.com", "Two"), T0.plusSeconds(1));

        assertThat(events.readValuesToList())
                .extracting(TicketEvent::getTicketNumber)
                .containsExactly(10_000L, 10_006L);
    }

    @Test
    void shouldAddAReplyFoundByItsInReplyToHeaderToTheTicket() {
        inbound.pipeInput("<m1@x>", email("<m1@x>", "alice@example.com", "Server down"), T0);
        InboundMessage reply = InboundMessage.newBuilder(email("<m2@x>", "alice@example.com", "Re: Server down"))
                .setInReplyTo("<m1@x>")
                .build();
        inbound.pipeInput("<m2@x>", reply, T0.plusSeconds(60));

        List<TicketEvent> all = events.readValuesToList();
        assertThat(all).extracting(TicketEvent::getVersion).containsExactly(1L, 2L);
        TicketEvent added = all.get(1);
        assertThat(added.getTicketId()).isEqualTo(TicketIds.forInboundMessage("<m1@x>"));
        assertThat(added.getEventId()).isEqualTo(TicketIds.forInboundMessage("<m1@x>") + ":2");
        MessageAdded payload = (MessageAdded) added.getPayload();
        assertThat(payload.getMessageId()).isEqualTo("<m2@x>");
        assertThat(payload.getInReplyTo()).isEqualTo("<m1@x>");
        assertThat(payload.getBody().getText()).isEqualTo("Re: Server down: details");
        Ticket last = lastSnapshot();
        assertThat(last.getMessageCount()).isEqualTo(2);
        assertThat(last.getEmailMessageIds()).containsExactly("<m1@x>", "<m2@x>");
        assertThat(last.getUpdatedAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void shouldThreadBySubjectTagOnlyForTheCustomerAndCcs() {
        inbound.pipeInput("<m1@x>", email("<m1@x>", "alice@example.com", "Server down"), T0);
        inbound.pipeInput("<m2@x>", email("<m2@x>", "Alice@Example.com", "[#10000] more logs"), T0.plusSeconds(1));
        inbound.pipeInput("<m3@x>", email("<m3@x>", "mallory@example.com", "[#10000] let me in"), T0.plusSeconds(2));

        List<TicketEvent> all = events.readValuesToList();
        assertThat(all)
                .extracting(event -> event.getPayload().getClass().getSimpleName() + "#" + event.getTicketNumber())
                .containsExactly("TicketOpened#10000", "MessageAdded#10000", "TicketOpened#10006");
        assertThat(((TicketOpened) all.get(2).getPayload()).getSubject()).isEqualTo("let me in");
    }

    @Test
    void shouldRouteBySupportAddressAndApplyConfigChangesToTheNextMessage() {
        inbound.pipeInput("<m1@x>", emailTo("<m1@x>", "billing@helpdesk.test"), T0);
        routing.configure(
                ConfigEntityType.DEPARTMENT,
                "billing",
                Department.newBuilder().setName("Billing").build());
        routing.configure(
                ConfigEntityType.SUPPORT_ADDRESS,
                "billing@helpdesk.test",
                SupportAddress.newBuilder()
                        .setEmail("billing@helpdesk.test")
                        .setDepartmentId("billing")
                        .build());
        inbound.pipeInput("<m2@x>", emailTo("<m2@x>", "billing@helpdesk.test"), T0.plusSeconds(1));

        assertThat(events.readValuesToList())
                .extracting(event -> ((TicketOpened) event.getPayload()).getDepartmentId())
                .containsExactly("general", "billing");
    }

    @Test
    void shouldPreferTheFormsDepartmentWhenItExists() {
        routing.configure(
                ConfigEntityType.DEPARTMENT,
                "sales",
                Department.newBuilder().setName("Sales").build());
        InboundMessage form = InboundMessage.newBuilder(email("form-1", "alice@example.com", "Quote"))
                .setChannel(Channel.WEB_FORM)
                .setHints(InboundHints.newBuilder().setDepartmentId("sales").build())
                .build();
        inbound.pipeInput("form-1", form, T0);

        TicketOpened opened = (TicketOpened) events.readValue().getPayload();
        assertThat(opened.getDepartmentId()).isEqualTo("sales");
        assertThat(opened.getChannel()).isEqualTo(Channel.WEB_FORM);
        assertThat(opened.getEmailMessageId()).isNull();
        assertThat(directory.readKeyValuesToMap()).containsOnlyKeys("number:10000");
    }

    @Test
    void shouldMarkTicketsOfAKnownSpamSenderAsSpam() {
        directoryIn.pipeInput("spam:spammer@example.com", new DirectoryEntry("t-old", List.of(), null), T0);
        inbound.pipeInput("<s@x>", email("<s@x>", "Spammer@example.com", "Cheap pills"), T0);

        TicketEvent opened = events.readValue();
        assertThat(((TicketOpened) opened.getPayload()).getSpam()).isTrue();
        assertThat(lastSnapshot().getSpam()).isTrue();
    }

    @Test
    void shouldSendTheCustomerBackToTheStaffWhenAWaitingTicketGetsAReply() {
        String ticketId = openAndSet("<m1@x>", LifecycleState.WAITING_ON_CUSTOMER, null);
        inbound.pipeInput("<m2@x>", reply("<m2@x>", "<m1@x>"), T0.plus(Duration.ofHours(2)));

        List<TicketEvent> all = events.readValuesToList();
        assertThat(all)
                .extracting(e -> e.getPayload().getClass().getSimpleName())
                .containsExactly("MessageAdded", "StatusChanged");
        StatusChanged changed = (StatusChanged) all.get(1).getPayload();
        assertThat(changed.getFromLifecycle()).isEqualTo(LifecycleState.WAITING_ON_CUSTOMER);
        assertThat(changed.getToLifecycle()).isEqualTo(LifecycleState.OPEN);
        assertThat(changed.getToStatusId()).isEqualTo("open");
        assertThat(all).allMatch(e -> e.getTicketId().equals(ticketId));
    }

    @Test
    void shouldReopenAClosedTicketWithinTheReopenWindow() {
        settings(HelpdeskSettings.newBuilder().setReopenWindowDays(7).build());
        String ticketId = openAndSet("<m1@x>", LifecycleState.CLOSED, T0);
        inbound.pipeInput("<m2@x>", reply("<m2@x>", "<m1@x>"), T0.plus(Duration.ofDays(7)));

        List<TicketEvent> all = events.readValuesToList();
        assertThat(all)
                .extracting(e -> e.getPayload().getClass().getSimpleName())
                .containsExactly("TicketReopened", "MessageAdded");
        TicketReopened reopened = (TicketReopened) all.get(0).getPayload();
        assertThat(reopened.getPreviousClosedAt()).isEqualTo(T0);
        assertThat(reopened.getToStatusId()).isEqualTo("open");
        Ticket after = lastSnapshot();
        assertThat(after.getTicketId()).isEqualTo(ticketId);
        assertThat(after.getLifecycle()).isEqualTo(LifecycleState.OPEN);
        assertThat(after.getClosedAt()).isNull();
    }

    @Test
    void shouldOpenALinkedTicketForAReplyAfterTheReopenWindow() {
        settings(HelpdeskSettings.newBuilder().setReopenWindowDays(7).build());
        String oldTicket = openAndSet("<m1@x>", LifecycleState.CLOSED, T0);
        inbound.pipeInput(
                "<m2@x>", reply("<m2@x>", "<m1@x>"), T0.plus(Duration.ofDays(7)).plusSeconds(1));

        TicketEvent opened = events.readValue();
        assertThat(opened.getTicketId()).isEqualTo(TicketIds.forInboundMessage("<m2@x>"));
        assertThat(((TicketOpened) opened.getPayload()).getLinkedTicketId()).isEqualTo(oldTicket);
        assertThat(events.isEmpty()).isTrue();
        assertThat(ticketStore().get(oldTicket).getTicket().getLifecycle()).isEqualTo(LifecycleState.CLOSED);
    }

    @Test
    void shouldNeverReopenWhenTheWindowIsZeroDays() {
        settings(HelpdeskSettings.newBuilder().setReopenWindowDays(0).build());
        openAndSet("<m1@x>", LifecycleState.CLOSED, T0);
        inbound.pipeInput("<m2@x>", reply("<m2@x>", "<m1@x>"), T0.plusSeconds(1));

        assertThat(events.readValue().getPayload()).isInstanceOf(TicketOpened.class);
    }

    @Test
    void shouldDeliverRepliesToAMergedTicketToTheTicketItWasMergedInto() {
        inbound.pipeInput("<target@x>", email("<target@x>", "alice@example.com", "Target"), T0);
        String target = TicketIds.forInboundMessage("<target@x>");
        String merged = openAndSet("<m1@x>", LifecycleState.CLOSED, T0);
        KeyValueStore<String, TicketAggregate> store = ticketStore();
        TicketAggregate aggregate = store.get(merged);
        store.put(
                merged,
                TicketAggregate.newBuilder(aggregate)
                        .setTicket(Ticket.newBuilder(aggregate.getTicket())
                                .setMergedIntoTicketId(target)
                                .build())
                        .build());

        inbound.pipeInput("<m2@x>", reply("<m2@x>", "<m1@x>"), T0.plusSeconds(30));

        TicketEvent added = events.readValue();
        assertThat(added.getTicketId()).isEqualTo(target);
        assertThat(added.getPayload()).isInstanceOf(MessageAdded.class);
        assertThat(events.isEmpty()).isTrue();
    }

    /** Opens a ticket from {@code messageId} and puts it in the given lifecycle state directly. */
    private String openAndSet(String messageId, LifecycleState lifecycle, Instant closedAt) {
        inbound.pipeInput(messageId, email(messageId, "alice@example.com", "Server down"), T0);
        events.readValuesToList();
        String ticketId = TicketIds.forInboundMessage(messageId);
        KeyValueStore<String, TicketAggregate> store = ticketStore();
        TicketAggregate aggregate = store.get(ticketId);
        store.put(
                ticketId,
                TicketAggregate.newBuilder(aggregate)
                        .setTicket(Ticket.newBuilder(aggregate.getTicket())
                                .setLifecycle(lifecycle)
                                .setStatusId(lifecycle.name().toLowerCase())
                                .setClosedAt(closedAt)
                                .build())
                        .build());
        state.readValuesToList();
        return ticketId;
    }

    private void settings(HelpdeskSettings settings) {
        routing.configure(ConfigEntityType.HELPDESK_SETTINGS, ConfigKeys.SETTINGS_ID, settings);
    }

    private KeyValueStore<String, TicketAggregate> ticketStore() {
        return driver.getKeyValueStore(RoutingTopology.TICKET_STORE);
    }

    private Ticket lastSnapshot() {
        List<Ticket> all = state.readValuesToList();
        return all.get(all.size() - 1);
    }

    private static InboundMessage email(String messageId, String from, String subject) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(Channel.EMAIL)
                .setReceivedAt(T0)
                .setFrom(new Contact(from, "Alice", null))
                .setTo(List.of(new Contact("support@helpdesk.test", null, null)))
                .setSubject(subject)
                .setBody(MessageBody.newBuilder().setText(subject + ": details").build())
                .build();
    }

    private static InboundMessage emailTo(String messageId, String supportAddress) {
        return InboundMessage.newBuilder(email(messageId, "alice@example.com", "Invoice"))
                .setRecipientAddress(supportAddress)
                .build();
    }

    private static InboundMessage reply(String messageId, String inReplyTo) {
        return InboundMessage.newBuilder(email(messageId, "alice@example.com", "Re: Server down"))
                .setInReplyTo(inReplyTo)
                .build();
    }
}
