package dev.helpstream.routing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.Filter;
import dev.helpstream.schema.config.FilterAction;
import dev.helpstream.schema.config.FilterActionKind;
import dev.helpstream.schema.config.FilterCondition;
import dev.helpstream.schema.config.FilterField;
import dev.helpstream.schema.config.FilterOperator;
import dev.helpstream.schema.event.CloseReason;
import dev.helpstream.schema.event.SuppressionReason;
import dev.helpstream.schema.event.SuppressionRecorded;
import dev.helpstream.schema.event.TicketClosed;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.topic.Topics;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Filters from the config topic, applied when a message opens a ticket. */
class FiltersTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private RoutingDriver routing;
    private TestInputTopic<String, InboundMessage> inbound;
    private TestOutputTopic<String, TicketEvent> events;
    private TestOutputTopic<String, Ticket> state;

    @BeforeEach
    void start() {
        routing = new RoutingDriver("filters-test", T0);
        inbound = routing.input(Topics.INBOUND);
        events = routing.output(Topics.EVENTS);
        state = routing.output(Topics.STATE);
        configure(
                ConfigEntityType.DEPARTMENT,
                "hosting",
                Department.newBuilder().setName("Hosting").build());
        configure(
                ConfigEntityType.AGENT,
                "ana",
                Agent.newBuilder()
                        .setUsername("ana")
                        .setDisplayName("Ana")
                        .setEmail("ana@helpdesk.test")
                        .setDepartmentIds(List.of("hosting"))
                        .build());
    }

    @AfterEach
    void stop() {
        routing.close();
    }

    @Test
    void shouldRouteAssignAndTagByFilterAndRecordWhichFired() {
        filter(
                "10-bigcorp",
                10,
                false,
                List.of(when(FilterField.SENDER_DOMAIN, FilterOperator.EQUALS, "bigcorp.example")),
                action(FilterActionKind.SET_DEPARTMENT, "hosting"),
                action(FilterActionKind.ASSIGN_AGENT, "ana"),
                action(FilterActionKind.MARK_IMPORTANT, null),
                action(FilterActionKind.ADD_CC, "am@helpdesk.test"),
                action(FilterActionKind.AUTO_REPLY, "canned-vip"));
        filter(
                "20-tags",
                20,
                false,
                List.of(when(FilterField.SUBJECT, FilterOperator.CONTAINS, "dns")),
                action(FilterActionKind.ADD_TAG, "dns"));

        inbound.pipeInput("<m1@x>", email("<m1@x>", "ops@bigcorp.example", "DNS not resolving"), T0);

        TicketOpened opened = (TicketOpened) events.readValue().getPayload();
        assertThat(opened.getFiltersFired()).containsExactly("10-bigcorp", "20-tags");
        assertThat(opened.getDepartmentId()).isEqualTo("hosting");
        assertThat(opened.getAssigneeId()).isEqualTo("ana");
        assertThat(opened.getImportant()).isTrue();
        assertThat(opened.getTags()).containsExactly("dns");
        assertThat(opened.getCc()).extracting(Contact::getEmail).containsExactly("am@helpdesk.test");
        assertThat(opened.getAutoReplyCannedResponseIds()).containsExactly("canned-vip");
        Ticket ticket = state.readValue();
        assertThat(ticket.getAssigneeId()).isEqualTo("ana");
        assertThat(ticket.getImportant()).isTrue();
        assertThat(events.isEmpty()).isTrue();
    }

    @Test
    void shouldKeepARejectedMessageOutOfTheTicketsAndOnRecord() {
        filter(
                "spam-words",
                1,
                true,
                List.of(when(FilterField.SUBJECT, FilterOperator.REGEX, "(?i)cheap\\s+pills")),
                action(FilterActionKind.REJECT, null));

        inbound.pipeInput("<spam@x>", email("<spam@x>", "bot@spam.example", "CHEAP   pills"), T0);
        inbound.pipeInput("<ok@x>", email("<ok@x>", "alice@example.com", "Real question"), T0.plusSeconds(1));

        List<KeyValue<String, TicketEvent>> all = events.readKeyValuesToList();
        assertThat(all).hasSize(2);
        assertThat(all.get(0).key).isEqualTo("inbound:<spam@x>");
        SuppressionRecorded suppressed = (SuppressionRecorded) all.get(0).value.getPayload();
        assertThat(suppressed.getReason()).isEqualTo(SuppressionReason.FILTER_REJECTED);
        assertThat(suppressed.getFilterId()).isEqualTo("spam-words");
        assertThat(suppressed.getInboundMessageId()).isEqualTo("<spam@x>");
        assertThat(all.get(1).value.getTicketNumber())
                .as("no number spent on the rejected message")
                .isEqualTo(10_000);
        assertThat(state.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldCloseTicketsAFilterClosesAndApplyFilterChangesToTheNextMessage() {
        filter(
                "autoreply-noise",
                1,
                false,
                List.of(when(FilterField.SUBJECT, FilterOperator.STARTS_WITH, "out of office")),
                action(FilterActionKind.CLOSE, null));
        inbound.pipeInput("<o1@x>", email("<o1@x>", "alice@example.com", "Out of office until Monday"), T0);

        List<TicketEvent> first = events.readValuesToList();
        assertThat(first)
                .extracting(event -> event.getPayload().getClass().getSimpleName())
                .containsExactly("TicketOpened", "TicketClosed");
        assertThat(((TicketClosed) first.get(1).getPayload()).getReason()).isEqualTo(CloseReason.FILTER);
        assertThat(first.get(1).getActor().getKind()).isEqualTo(ActorKind.SYSTEM);
        assertThat(state.readValue().getLifecycle()).isEqualTo(LifecycleState.CLOSED);

        routing.unconfigure(ConfigEntityType.FILTER, "autoreply-noise");
        inbound.pipeInput("<o2@x>", email("<o2@x>", "alice@example.com", "Out of office until Monday"), T0);

        assertThat(events.readValuesToList())
                .extracting(event -> event.getPayload().getClass().getSimpleName())
                .containsExactly("TicketOpened");
    }

    private void filter(String id, int order, boolean stop, List<FilterCondition> conditions, FilterAction... actions) {
        configure(
                ConfigEntityType.FILTER,
                id,
                Filter.newBuilder()
                        .setName(id)
                        .setOrder(order)
                        .setConditions(conditions)
                        .setActions(List.of(actions))
                        .setStopProcessing(stop)
                        .build());
    }

    private static FilterCondition when(FilterField field, FilterOperator operator, String value) {
        return FilterCondition.newBuilder()
                .setField(field)
                .setOperator(operator)
                .setValue(value)
                .build();
    }

    private static FilterAction action(FilterActionKind kind, String value) {
        return FilterAction.newBuilder().setKind(kind).setValue(value).build();
    }

    private void configure(ConfigEntityType type, String id, Object payload) {
        routing.configure(type, id, payload);
    }

    private static InboundMessage email(String messageId, String from, String subject) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(Channel.EMAIL)
                .setReceivedAt(T0)
                .setFrom(new Contact(from, null, null))
                .setSubject(subject)
                .setBody(MessageBody.newBuilder().setText("details").build())
                .build();
    }
}
