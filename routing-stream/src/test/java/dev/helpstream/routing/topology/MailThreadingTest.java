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
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketCommand;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.command.AddCc;
import dev.helpstream.schema.command.Reply;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.ids.MailIds;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.topic.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Mail threading by the Message-IDs the helpdesk generates, the Message-ID of staff replies, and
 * tickets sent to several support addresses.
 */
class MailThreadingTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final String DOMAIN = "help.example";
    private static final Actor ANA = new Actor(ActorKind.AGENT, "ana", "Ana", "ana@help.example");

    private RoutingDriver routing;
    private TestInputTopic<String, InboundMessage> inbound;
    private TestInputTopic<String, TicketCommand> commands;
    private TestOutputTopic<String, TicketEvent> events;
    private TestOutputTopic<String, Ticket> state;
    private TestOutputTopic<String, DirectoryEntry> directory;
    private TestOutputTopic<String, CommandResult> results;

    @BeforeEach
    void start() {
        routing = new RoutingDriver("mail-threading-test", T0);
        inbound = routing.input(Topics.INBOUND);
        commands = routing.input(Topics.COMMANDS);
        events = routing.output(Topics.EVENTS);
        state = routing.output(Topics.STATE);
        directory = routing.output(Topics.ROUTING_DIRECTORY);
        results = routing.output(Topics.COMMAND_RESULTS);
        routing.configure(
                ConfigEntityType.HELPDESK_SETTINGS,
                ConfigKeys.SETTINGS_ID,
                HelpdeskSettings.newBuilder().setMessageIdDomain(DOMAIN).build());
        for (String department : List.of("billing", "sales", "support")) {
            routing.configure(
                    ConfigEntityType.DEPARTMENT,
                    department,
                    Department.newBuilder().setName(department).build());
            routing.configure(
                    ConfigEntityType.SUPPORT_ADDRESS,
                    department + "@" + DOMAIN,
                    SupportAddress.newBuilder()
                            .setEmail(department + "@" + DOMAIN)
                            .setDepartmentId(department)
                            .build());
        }
        routing.configure(
                ConfigEntityType.AGENT,
                "ana",
                Agent.newBuilder()
                        .setUsername("ana")
                        .setDisplayName("Ana")
                        .setEmail("ana@help.example")
                        .setDepartmentIds(List.of("support"))
                        .build());
    }

    @AfterEach
    void stop() {
        routing.close();
    }

    @Test
    void shouldThreadAReplyToANotificationByTheTicketItsGeneratedMessageIdNames() {
        String ticketId = open("m1@customer.example");
        String acknowledgement = MailIds.outbound(ticketId, ticketId + ":1/customer", DOMAIN);

        inbound.pipeInput(
                "m2@customer.example",
                InboundMessage.newBuilder(email("m2@customer.example", "alice@customer.example", "Re: Server down"))
                        .setInReplyTo(acknowledgement)
                        .setReferences(List.of(acknowledgement))
                        .build(),
                T0.plusSeconds(60));

        TicketEvent added = events.readValue();
        assertThat(added.getTicketId()).isEqualTo(ticketId);
        assertThat(added.getVersion()).isEqualTo(2);
        MessageAdded message = (MessageAdded) added.getPayload();
        assertThat(message.getMessageId()).isEqualTo("m2@customer.example");
        assertThat(message.getInReplyTo()).isEqualTo(acknowledgement);
        assertThat(message.getAutoReplyAllowed()).isTrue();
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldThreadAGeneratedMessageIdTheDirectoryNeverSawOnlyForTheTicketsPeople() {
        String ticketId = open("m1@customer.example");
        String statusMail = MailIds.outbound(ticketId, ticketId + ":3/customer", DOMAIN);

        inbound.pipeInput(
                "m2@elsewhere.example",
                InboundMessage.newBuilder(email("m2@elsewhere.example", "mallory@elsewhere.example", "Re: hello"))
                        .setInReplyTo(statusMail)
                        .build(),
                T0.plusSeconds(60));

        TicketEvent opened = events.readValue();
        assertThat(opened.getTicketId()).isEqualTo(TicketIds.forInboundMessage("m2@elsewhere.example"));
        assertThat(opened.getTicketNumber()).isEqualTo(10_006);
        assertThat(((TicketOpened) opened.getPayload()).getCustomer().getEmail())
                .isEqualTo("mallory@elsewhere.example");
        assertThat(((TicketOpened) opened.getPayload()).getLinkedTicketId()).isNull();
        assertThat(events.isEmpty()).isTrue();
        assertThat(lastSnapshot(ticketId)).isNull();
    }

    @Test
    void shouldIgnoreMessageIdsOfAnotherDomain() {
        String ticketId = open("m1@customer.example");
        String foreign = MailIds.outbound(ticketId, "x", "other-helpdesk.example");

        inbound.pipeInput(
                "m2@customer.example",
                InboundMessage.newBuilder(email("m2@customer.example", "alice@customer.example", "Re: Server down"))
                        .setInReplyTo(foreign)
                        .build(),
                T0.plusSeconds(60));

        TicketEvent opened = events.readValue();
        assertThat(opened.getPayload()).isInstanceOf(TicketOpened.class);
        assertThat(opened.getTicketId()).isEqualTo(TicketIds.forInboundMessage("m2@customer.example"));
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldGiveAStaffReplyTheMessageIdTheNotifierSendsAndThreadTheCustomersAnswerByIt() {
        String ticketId = open("m1@customer.example");
        String replyId = MailIds.outbound(ticketId, "cmd-1", DOMAIN);

        commands.pipeInput(ticketId, reply(ticketId, "cmd-1", List.of()), T0.plusSeconds(30));

        assertThat(results.readValue().getOutcome()).isEqualTo(CommandOutcome.ACCEPTED);
        List<TicketEvent> replied = events.readValuesToList();
        assertThat(replied)
                .extracting(event -> event.getPayload().getClass().getSimpleName() + "@" + event.getVersion())
                .containsExactly("MessageAdded@2", "TicketAssigned@3", "StatusChanged@4");
        MessageAdded outbound = (MessageAdded) replied.get(0).getPayload();
        assertThat(outbound.getDirection()).isEqualTo(MessageDirection.OUTBOUND);
        assertThat(outbound.getMessageId()).isEqualTo("cmd-1");
        assertThat(outbound.getEmailMessageId()).isEqualTo(replyId);
        assertThat(replyId).startsWith("t." + ticketId + ".").endsWith("@" + DOMAIN);
        assertThat(outbound.getInReplyTo()).isEqualTo("m1@customer.example");
        assertThat(lastSnapshot(ticketId).getEmailMessageIds()).containsExactly("m1@customer.example", replyId);
        assertThat(directory.readKeyValuesToList())
                .containsExactly(new KeyValue<>("message:" + replyId, new DirectoryEntry(ticketId, List.of(), null)));

        inbound.pipeInput(
                "m3@customer.example",
                InboundMessage.newBuilder(email("m3@customer.example", "alice@customer.example", "Re: Server down"))
                        .setInReplyTo(replyId)
                        .setReferences(List.of("m1@customer.example", replyId))
                        .build(),
                T0.plusSeconds(90));

        TicketEvent answer = events.readValue();
        assertThat(answer.getTicketId()).isEqualTo(ticketId);
        assertThat(answer.getVersion()).isEqualTo(5);
        assertThat(((MessageAdded) answer.getPayload()).getDirection()).isEqualTo(MessageDirection.INBOUND);
        assertThat(((MessageAdded) answer.getPayload()).getInReplyTo()).isEqualTo(replyId);
        assertThat(events.isEmpty()).isTrue();
        assertThat(lastSnapshot(ticketId).getEmailMessageIds())
                .containsExactly("m1@customer.example", replyId, "m3@customer.example");
    }

    @Test
    void shouldFileAMailToSeveralSupportAddressesUnderTheFirstOfItsHeadersAndTellTheOthers() {
        InboundMessage mail = InboundMessage.newBuilder(
                        email("multi@customer.example", "alice@customer.example", "Both"))
                .setTo(List.of(
                        new Contact("colleague@customer.example", null, null),
                        new Contact("Sales@Help.Example", "Sales", null),
                        new Contact("billing@help.example", null, null)))
                .setCc(List.of(
                        new Contact("support@help.example", null, null),
                        new Contact("bob@customer.example", "Bob", null),
                        new Contact("sales@help.example", null, null),
                        new Contact("unlisted@help.example", null, null)))
                .setRecipientAddress("unlisted@help.example")
                .build();
        inbound.pipeInput("multi@customer.example", mail, T0);
        // The same mail fetched again from the billing mailbox: the same ticket, nothing new.
        inbound.pipeInput(
                "multi@customer.example",
                InboundMessage.newBuilder(mail)
                        .setRecipientAddress("billing@help.example")
                        .build(),
                T0.plusSeconds(5));

        TicketEvent event = events.readValue();
        assertThat(events.isEmpty()).isTrue();
        TicketOpened opened = (TicketOpened) event.getPayload();
        assertThat(opened.getDepartmentId()).isEqualTo("sales");
        assertThat(opened.getSupportAddress()).isEqualTo("sales@help.example");
        assertThat(opened.getOtherSupportAddresses()).containsExactly("billing@help.example", "support@help.example");
        assertThat(opened.getCc()).extracting(Contact::getEmail).containsExactly("bob@customer.example");
        assertThat(lastSnapshot(event.getTicketId()).getCc())
                .extracting(Contact::getEmail)
                .containsExactly("bob@customer.example");
    }

    @Test
    void shouldFileUnderACcSupportAddressBeforeTheMailboxItWasFetchedFrom() {
        InboundMessage mail = InboundMessage.newBuilder(email("cc@customer.example", "alice@customer.example", "Cc"))
                .setTo(List.of(new Contact("someone@customer.example", null, null)))
                .setCc(List.of(new Contact("billing@help.example", null, null)))
                .setRecipientAddress("support@help.example")
                .build();
        inbound.pipeInput("cc@customer.example", mail, T0);

        TicketOpened opened = (TicketOpened) events.readValue().getPayload();
        assertThat(opened.getDepartmentId()).isEqualTo("billing");
        assertThat(opened.getSupportAddress()).isEqualTo("billing@help.example");
        assertThat(opened.getOtherSupportAddresses()).isEmpty();
        assertThat(opened.getCc()).isEmpty();
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepSupportAddressesOutOfTheCcsOfAReplyAndOfTheTicket() {
        String ticketId = open("m1@customer.example");
        inbound.pipeInput(
                "m2@customer.example",
                InboundMessage.newBuilder(email("m2@customer.example", "alice@customer.example", "Re: Server down"))
                        .setInReplyTo("m1@customer.example")
                        .setCc(List.of(
                                new Contact("billing@help.example", null, null),
                                new Contact("bob@customer.example", null, null)))
                        .build(),
                T0.plusSeconds(10));
        assertThat(((MessageAdded) events.readValue().getPayload()).getCc())
                .extracting(Contact::getEmail)
                .containsExactly("bob@customer.example");

        commands.pipeInput(
                ticketId,
                command(ticketId, "cmd-1", new AddCc(new Contact("Billing@help.example", null, null))),
                T0.plusSeconds(20));
        commands.pipeInput(
                ticketId,
                reply(ticketId, "cmd-2", List.of(new Contact("sales@help.example", null, null))),
                T0.plusSeconds(30));

        assertThat(results.readValuesToList())
                .extracting(result -> result.getRejectionCode() + " " + result.getField() + ": " + result.getMessage())
                .containsExactly(
                        "INVALID contact: Billing@help.example is a support address of the helpdesk and cannot be"
                                + " copied",
                        "INVALID cc: sales@help.example is a support address of the helpdesk and cannot be copied");
        assertThat(events.isEmpty()).isTrue();
    }

    /** Opens a ticket from alice's mail to the support address and drains the outputs. */
    private String open(String messageId) {
        inbound.pipeInput(messageId, email(messageId, "alice@customer.example", "Server down"), T0);
        events.readValuesToList();
        state.readValuesToList();
        directory.readValuesToList();
        return TicketIds.forInboundMessage(messageId);
    }

    /** The last snapshot of the ticket published since the last read, or null. */
    private Ticket lastSnapshot(String ticketId) {
        Map<String, Ticket> latest = state.readKeyValuesToMap();
        return latest.get(ticketId);
    }

    private static TicketCommand reply(String ticketId, String commandId, List<Contact> cc) {
        return command(
                ticketId,
                commandId,
                Reply.newBuilder()
                        .setBody(MessageBody.newBuilder().setText("Rebooted").build())
                        .setCc(cc)
                        .build());
    }

    private static TicketCommand command(String ticketId, String commandId, Object payload) {
        return TicketCommand.newBuilder()
                .setCommandId(commandId)
                .setCorrelationId("corr-" + commandId)
                .setTicketId(ticketId)
                .setIssuedAt(T0)
                .setActor(ANA)
                .setPayload(payload)
                .build();
    }

    private static InboundMessage email(String messageId, String from, String subject) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(Channel.EMAIL)
                .setReceivedAt(T0)
                .setFrom(new Contact(from, "Alice", null))
                .setTo(List.of(new Contact("support@" + DOMAIN, null, null)))
                .setSubject(subject)
                .setBody(MessageBody.newBuilder().setText(subject + ": details").build())
                .build();
    }
}
