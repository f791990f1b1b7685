package dev.helpstream.routing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.AutomationIndicators;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.SuppressionReason;
import dev.helpstream.schema.event.SuppressionRecorded;
import dev.helpstream.schema.event.SuppressionScope;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.ids.MailIds;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.TicketAggregate;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Machine-generated mail, loops and bounces: what becomes a ticket or a message, what only goes on
 * record, and what is never answered automatically.
 */
class MailProtectionTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String DOMAIN = "help.example";
    private static final Actor ROUTING = new Actor(ActorKind.SYSTEM, "routing", "Routing", null);
    private static final String ALICE = "alice@customer.example";

    private RoutingDriver routing;
    private TestInputTopic<String, InboundMessage> inbound;
    private TestOutputTopic<String, TicketEvent> events;
    private TestOutputTopic<String, Ticket> state;
    private TestOutputTopic<String, DirectoryEntry> directory;

    @BeforeEach
    void start() {
        routing = new RoutingDriver("mail-protection-test", T0);
        inbound = routing.input(Topics.INBOUND);
        events = routing.output(Topics.EVENTS);
        state = routing.output(Topics.STATE);
        directory = routing.output(Topics.ROUTING_DIRECTORY);
        settings(HelpdeskSettings.newBuilder()
                .setMessageIdDomain(DOMAIN)
                .setReopenWindowDays(30)
                .build());
    }

    @AfterEach
    void stop() {
        routing.close();
    }

    @Test
    void shouldOpenATicketForAnAutoSubmittedMailWithoutAutoRepliesAndRecordWhyInTheSameStep() {
        InboundMessage auto = automated(
                "auto@customer.example", AutomationIndicators.newBuilder().setAutoSubmitted("auto-generated"));
        inbound.pipeInput("auto@customer.example", auto, T0);

        String ticketId = TicketIds.forInboundMessage("auto@customer.example");
        List<TicketEvent> all = events.readValuesToList();
        assertThat(all).extracting(TicketEvent::getVersion).containsExactly(1L, 2L);
        TicketOpened opened = (TicketOpened) all.get(0).getPayload();
        assertThat(opened.getAutoReplyAllowed()).isFalse();
        assertThat(all.get(1))
                .isEqualTo(onTicket(
                        ticketId,
                        10_000,
                        2,
                        T0,
                        suppression(
                                "auto@customer.example",
                                SuppressionReason.AUTO_SUBMITTED,
                                SuppressionScope.NOTIFICATION,
                                "Auto-Submitted: auto-generated")));
        Ticket snapshot = lastSnapshot();
        assertThat(snapshot.getVersion()).isEqualTo(2);
        assertThat(snapshot.getMessageCount()).isEqualTo(1);
        assertThat(state.isEmpty()).isTrue();
    }

    @Test
    void shouldAddABulkReplyToAnOpenTicketWithoutAutoRepliesAndRecordWhy() {
        String ticketId = openFromAlice("m1@customer.example");
        InboundMessage bulk = InboundMessage.newBuilder(automated(
                        "bulk@customer.example",
                        AutomationIndicators.newBuilder().setPrecedence("Bulk")))
                .setInReplyTo("m1@customer.example")
                .build();
        inbound.pipeInput("bulk@customer.example", bulk, T0.plusSeconds(60));

        List<TicketEvent> all = events.readValuesToList();
        assertThat(all).extracting(TicketEvent::getVersion).containsExactly(2L, 3L);
        MessageAdded added = (MessageAdded) all.get(0).getPayload();
        assertThat(added.getMessageId()).isEqualTo("bulk@customer.example");
        assertThat(added.getAutoReplyAllowed()).isFalse();
        assertThat(all.get(1))
                .isEqualTo(onTicket(
                        ticketId,
                        10_000,
                        3,
                        T0.plusSeconds(60),
                        suppression(
                                "bulk@customer.example",
                                SuppressionReason.AUTO_SUBMITTED,
                                SuppressionScope.NOTIFICATION,
                                "Precedence: Bulk")));
    }

    @Test
    void shouldLeaveAWaitingTicketWaitingWhenTheAnswerIsAnAutomatedMail() {
        String ticketId = openFromAlice("m1@customer.example");
        setLifecycle(ticketId, LifecycleState.WAITING_ON_CUSTOMER, null);
        Instant waitingSince = ticketStore().get(ticketId).getTicket().getLastCustomerActivityAt();
        InboundMessage list = InboundMessage.newBuilder(automated(
                        "list@customer.example",
                        AutomationIndicators.newBuilder().setListId("<ops.customer.example>")))
                .setInReplyTo("m1@customer.example")
                .build();
        inbound.pipeInput("list@customer.example", list, T0.plusSeconds(60));

        List<TicketEvent> all = events.readValuesToList();
        assertThat(all)
                .extracting(event -> event.getPayload().getClass().getSimpleName() + "@" + event.getVersion())
                .containsExactly("MessageAdded@2", "SuppressionRecorded@3");
        assertThat(((SuppressionRecorded) all.get(1).getPayload()).getDetail())
                .isEqualTo("List-Id: <ops.customer.example>");
        Ticket after = state.readKeyValuesToMap().get(ticketId);
        assertThat(waitingSince).isEqualTo(T0);
        assertThat(after.getLifecycle()).isEqualTo(LifecycleState.WAITING_ON_CUSTOMER);
        assertThat(after.getLastCustomerActivityAt()).isEqualTo(waitingSince);
        assertThat(after.getMessageCount()).isEqualTo(2);
    }

    @Test
    void shouldTreatAutoSubmittedNoAndReadReceiptSuppressionAsMailAPersonWrote() {
        inbound.pipeInput(
                "no@customer.example",
                automated(
                        "no@customer.example", AutomationIndicators.newBuilder().setAutoSubmitted("No")),
                T0);
        inbound.pipeInput(
                "rn@customer.example",
                automated(
                        "rn@customer.example", AutomationIndicators.newBuilder().setAutoResponseSuppress("RN, NRN")),
                T0.plusSeconds(1));
        inbound.pipeInput(
                "oof@customer.example",
                automated(
                        "oof@customer.example",
                        AutomationIndicators.newBuilder().setAutoResponseSuppress("DR, OOF")),
                T0.plusSeconds(2));

        assertThat(events.readValuesToList())
                .extracting(event -> event.getPayload() instanceof TicketOpened opened
                        ? "opened autoReply=" + opened.getAutoReplyAllowed()
                        : ((SuppressionRecorded) event.getPayload()).getDetail())
                .containsExactly(
                        "opened autoReply=true",
                        "opened autoReply=true",
                        "opened autoReply=false",
                        "X-Auto-Response-Suppress: DR, OOF");
    }

    @Test
    void shouldNotReopenAClosedTicketForAnAutoReplyNorOpenALinkedOne() {
        String ticketId = openFromAlice("m1@customer.example");
        setLifecycle(ticketId, LifecycleState.CLOSED, T0);
        InboundMessage outOfOffice = InboundMessage.newBuilder(automated(
                        "ooo@customer.example",
                        AutomationIndicators.newBuilder().setAutoSubmitted("auto-replied")))
                .setInReplyTo("m1@customer.example")
                .build();
        inbound.pipeInput("ooo@customer.example", outOfOffice, T0.plus(Duration.ofDays(1)));
        // Past the reopen window an automated reply does not open a linked ticket either.
        InboundMessage late = InboundMessage.newBuilder(outOfOffice)
                .setMessageId("ooo-2@customer.example")
                .build();
        inbound.pipeInput("ooo-2@customer.example", late, T0.plus(Duration.ofDays(40)));

        assertThat(events.readValuesToList())
                .containsExactly(
                        onTicket(
                                ticketId,
                                10_000,
                                2,
                                T0.plus(Duration.ofDays(1)),
                                suppression(
                                        "ooo@customer.example",
                                        SuppressionReason.AUTO_SUBMITTED,
                                        SuppressionScope.MESSAGE,
                                        "Auto-Submitted: auto-replied")),
                        onTicket(
                                ticketId,
                                10_000,
                                3,
                                T0.plus(Duration.ofDays(40)),
                                suppression(
                                        "ooo-2@customer.example",
                                        SuppressionReason.AUTO_SUBMITTED,
                                        SuppressionScope.MESSAGE,
                                        "Auto-Submitted: auto-replied")));
        Ticket snapshot = lastSnapshot();
        assertThat(snapshot.getLifecycle()).isEqualTo(LifecycleState.CLOSED);
        assertThat(snapshot.getVersion()).isEqualTo(3);
        assertThat(snapshot.getMessageCount()).isEqualTo(1);
        assertThat(snapshot.getUpdatedAt()).isEqualTo(T0.plus(Duration.ofDays(40)));
        assertThat(snapshot.getEmailMessageIds()).containsExactly("m1@customer.example");
        assertThat(ticketStore().get(ticketId).getInboundMessageIds())
                .containsExactly("m1@customer.example", "ooo@customer.example", "ooo-2@customer.example");
        assertThat(directory.isEmpty()).isTrue();
    }

    @Test
    void shouldPutALoopThatThreadsIntoATicketOnItsRecordOnly() {
        String ticketId = openFromAlice("m1@customer.example");
        InboundMessage loop = InboundMessage.newBuilder(automated(
                        "loop@customer.example",
                        AutomationIndicators.newBuilder().setLoopDetected(true)))
                .setInReplyTo("m1@customer.example")
                .setHeaders(Map.of("x-loop", "helpstream@" + DOMAIN))
                .build();
        inbound.pipeInput("loop@customer.example", loop, T0.plusSeconds(60));

        assertThat(events.readValuesToList())
                .containsExactly(onTicket(
                        ticketId,
                        10_000,
                        2,
                        T0.plusSeconds(60),
                        suppression(
                                "loop@customer.example",
                                SuppressionReason.LOOP,
                                SuppressionScope.MESSAGE,
                                "X-Loop: helpstream@help.example")));
        Ticket snapshot = lastSnapshot();
        assertThat(snapshot.getVersion()).isEqualTo(2);
        assertThat(snapshot.getMessageCount()).isEqualTo(1);
    }

    @Test
    void shouldFindTheTicketOfALoopByItsOwnGeneratedMessageIdWhoeverSentIt() {
        String ticketId = openFromAlice("m1@customer.example");
        String ours = MailIds.outbound(ticketId, ticketId + ":1/customer", DOMAIN);
        InboundMessage echo = InboundMessage.newBuilder(email(ours, "support@help.example", "[#10000] Server down"))
                .setAutomation(
                        AutomationIndicators.newBuilder().setLoopDetected(true).build())
                .build();
        inbound.pipeInput(ours, echo, T0.plusSeconds(60));

        SuppressionRecorded loop = new SuppressionRecorded(
                ours,
                SuppressionReason.LOOP,
                SuppressionScope.MESSAGE,
                "support@help.example",
                null,
                "Message-ID " + ours + " was generated by this helpdesk");
        assertThat(events.readValuesToList()).containsExactly(onTicket(ticketId, 10_000, 2, T0.plusSeconds(60), loop));
    }

    @Test
    void shouldPutALoopThatThreadsIntoNoTicketOnRecordUnderItsInboundId() {
        InboundMessage loop = InboundMessage.newBuilder(automated(
                        "loop@elsewhere.example",
                        AutomationIndicators.newBuilder().setLoopDetected(true)))
                .build();
        inbound.pipeInput("loop@elsewhere.example", loop, T0);

        assertThat(events.readKeyValuesToMap())
                .containsExactly(Map.entry(
                        "inbound:loop@elsewhere.example",
                        inboundEvent(
                                "loop@elsewhere.example",
                                T0,
                                suppression(
                                        "loop@elsewhere.example",
                                        SuppressionReason.LOOP,
                                        SuppressionScope.TICKET,
                                        "loop marker found by the ingest service"))));
        assertThat(state.isEmpty()).isTrue();
        assertThat(directory.isEmpty()).isTrue();
        assertThat(ticketStore().approximateNumEntries()).isZero();
    }

    @Test
    void shouldRecordABounceOnTheTicketOfTheBouncedNotificationWithoutReopeningIt() {
        String ticketId = openFromAlice("m1@customer.example");
        setLifecycle(ticketId, LifecycleState.CLOSED, T0);
        String notification = MailIds.outbound(ticketId, ticketId + ":2/customer", DOMAIN);
        InboundMessage bounce = InboundMessage.newBuilder(
                        email("dsn-1@mx.customer.example", "MAILER-DAEMON@mx.customer.example", "Undelivered Mail"))
                .setBody(MessageBody.newBuilder()
                        .setText("This is the mail system.\n\nAction: failed\nStatus: 5.1.1\n"
                                + "Diagnostic-Code: smtp; 550 5.1.1 user unknown\n")
                        .build())
                .setReferences(List.of(notification))
                .setAutomation(AutomationIndicators.newBuilder().setBounce(true).build())
                .build();
        inbound.pipeInput("dsn-1@mx.customer.example", bounce, T0.plusSeconds(60));

        SuppressionRecorded recorded = new SuppressionRecorded(
                "dsn-1@mx.customer.example",
                SuppressionReason.BOUNCE,
                SuppressionScope.MESSAGE,
                "MAILER-DAEMON@mx.customer.example",
                null,
                "Undelivered Mail (Status: 5.1.1; Diagnostic-Code: smtp; 550 5.1.1 user unknown)");
        assertThat(events.readValuesToList())
                .containsExactly(onTicket(ticketId, 10_000, 2, T0.plusSeconds(60), recorded));
        Ticket snapshot = lastSnapshot();
        assertThat(snapshot.getLifecycle()).isEqualTo(LifecycleState.CLOSED);
        assertThat(snapshot.getMessageCount()).isEqualTo(1);
    }

    @Test
    void shouldRecordABounceOfUnknownMailUnderItsInboundId() {
        InboundMessage bounce = InboundMessage.newBuilder(
                        email("dsn-2@mx.example", "mailer-daemon@mx.example", "Delivery Status Notification"))
                .setReferences(List.of("someone-else@mx.example"))
                .setAutomation(AutomationIndicators.newBuilder().setBounce(true).build())
                .build();
        inbound.pipeInput("dsn-2@mx.example", bounce, T0);

        assertThat(events.readKeyValuesToMap())
                .containsExactly(Map.entry(
                        "inbound:dsn-2@mx.example",
                        inboundEvent(
                                "dsn-2@mx.example",
                                T0,
                                new SuppressionRecorded(
                                        "dsn-2@mx.example",
                                        SuppressionReason.BOUNCE,
                                        SuppressionScope.TICKET,
                                        "mailer-daemon@mx.example",
                                        null,
                                        "Delivery Status Notification"))));
        assertThat(state.isEmpty()).isTrue();
    }

    private String openFromAlice(String messageId) {
        inbound.pipeInput(messageId, email(messageId, ALICE, "Server down"), T0);
        events.readValuesToList();
        state.readValuesToList();
        directory.readValuesToList();
        return TicketIds.forInboundMessage(messageId);
    }

    /** Puts the ticket in a lifecycle state directly, as staff commands would. */
    private void setLifecycle(String ticketId, LifecycleState lifecycle, Instant closedAt) {
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
    }

    private void settings(HelpdeskSettings settings) {
        routing.configure(ConfigEntityType.HELPDESK_SETTINGS, ConfigKeys.SETTINGS_ID, settings);
    }

    private KeyValueStore<String, TicketAggregate> ticketStore() {
        return routing.driver().getKeyValueStore(RoutingTopology.TICKET_STORE);
    }

    private Ticket lastSnapshot() {
        List<Ticket> all = state.readValuesToList();
        return all.get(all.size() - 1);
    }

    private static SuppressionRecorded suppression(
            String messageId, SuppressionReason reason, SuppressionScope scope, String detail) {
        return new SuppressionRecorded(messageId, reason, scope, ALICE, null, detail);
    }

    private static TicketEvent onTicket(
            String ticketId, long number, long version, Instant at, SuppressionRecorded payload) {
        return TicketEvent.newBuilder()
                .setEventId(ticketId + ":" + version)
                .setTicketId(ticketId)
                .setTicketNumber(number)
                .setVersion(version)
                .setOccurredAt(at)
                .setActor(ROUTING)
                .setCausationId(payload.getInboundMessageId())
                .setPayload(payload)
                .build();
    }

    private static TicketEvent inboundEvent(String messageId, Instant at, SuppressionRecorded payload) {
        return TicketEvent.newBuilder()
                .setEventId("inbound:" + messageId + ":0")
                .setTicketId("inbound:" + messageId)
                .setTicketNumber(0)
                .setVersion(0)
                .setOccurredAt(at)
                .setActor(ROUTING)
                .setCausationId(messageId)
                .setPayload(payload)
                .build();
    }

    private static InboundMessage automated(String messageId, AutomationIndicators.Builder automation) {
        return InboundMessage.newBuilder(email(messageId, ALICE, "Automatic reply: Server down"))
                .setAutomation(automation.build())
                .build();
    }

    private static InboundMessage email(String messageId, String from, String subject) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(Channel.EMAIL)
                .setReceivedAt(T0)
                .setFrom(new Contact(from, null, null))
                .setTo(List.of(new Contact("support@" + DOMAIN, null, null)))
                .setSubject(subject)
                .setBody(MessageBody.newBuilder().setText(subject + ": details").build())
                .build();
    }
}
