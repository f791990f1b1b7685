package dev.helpstream.routing.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.event.SuppressionReason;
import dev.helpstream.schema.event.SuppressionRecorded;
import dev.helpstream.schema.event.SuppressionScope;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.ids.TicketIds;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.internal.IntakeRoute;
import dev.helpstream.schema.internal.TicketAggregate;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sender cap: new tickets per sender address and UTC day, counted on record time. */
class SenderCapTest {

    /** Late in a UTC day, so that the next day is an hour away. */
    private static final Instant T0 = Instant.parse("2026-03-02T23:00:00Z");

    private static final long MARCH_2 = LocalDate.parse("2026-03-02").toEpochDay();
    private static final long MARCH_3 = LocalDate.parse("2026-03-03").toEpochDay();
    private static final Actor ROUTING = new Actor(ActorKind.SYSTEM, "routing", "Routing", null);

    private RoutingDriver routing;
    private TestInputTopic<String, InboundMessage> inbound;
    private TestOutputTopic<String, TicketEvent> events;
    private TestOutputTopic<String, IntakeRequest> gate;
    private KeyValueStore<String, SenderGate.DailyCount> counts;

    @BeforeEach
    void start() {
        routing = new RoutingDriver("sender-cap-test", T0);
        inbound = routing.input(Topics.INBOUND);
        events = routing.output(Topics.EVENTS);
        gate = routing.output(Topics.ROUTING_SENDER_GATE);
        counts = routing.driver().getKeyValueStore(RoutingTopology.SENDER_COUNT_STORE);
    }

    @AfterEach
    void stop() {
        routing.close();
    }

    @Test
    void shouldOpenTheFirstTicketsOfTheDayAndRecordTheRestUnderTheirInboundIds() {
        cap(2);
        send("a@x", "Alice@Example.com", T0);
        send("b@x", "alice@example.com", T0.plusSeconds(60));
        send("c@x", "ALICE@example.com", T0.plusSeconds(120));

        List<KeyValue<String, TicketEvent>> all = events.readKeyValuesToList();
        assertThat(all)
                .extracting(record -> record.key)
                .containsExactly(TicketIds.forInboundMessage("a@x"), TicketIds.forInboundMessage("b@x"), "inbound:c@x");
        assertThat(all.get(2).value)
                .isEqualTo(TicketEvent.newBuilder()
                        .setEventId("inbound:c@x:0")
                        .setTicketId("inbound:c@x")
                        .setTicketNumber(0)
                        .setVersion(0)
                        .setOccurredAt(T0.plusSeconds(120))
                        .setActor(ROUTING)
                        .setCausationId("c@x")
                        .setPayload(new SuppressionRecorded(
                                "c@x",
                                SuppressionReason.SENDER_CAP,
                                SuppressionScope.TICKET,
                                "ALICE@example.com",
                                null,
                                "3rd new ticket today, cap 2"))
                        .build());
        assertThat(events.isEmpty()).isTrue();
        assertThat(gate.readKeyValuesToList())
                .extracting(record -> record.key + " " + record.value.getRoute())
                .containsExactly(
                        "alice@example.com NEW_TICKET", "alice@example.com NEW_TICKET", "alice@example.com NEW_TICKET");
        assertThat(counts.get("alice@example.com")).isEqualTo(new SenderGate.DailyCount(MARCH_2, 3));
    }

    @Test
    void shouldStartCountingAgainOnTheNextUtcDayOfTheRecordTimestamp() {
        cap(1);
        send("a@x", "alice@example.com", T0);
        send("b@x", "alice@example.com", T0.plus(Duration.ofMinutes(59)));
        send("c@x", "alice@example.com", T0.plus(Duration.ofHours(1)));

        assertThat(events.readKeyValuesToList())
                .extracting(record -> record.key)
                .containsExactly(TicketIds.forInboundMessage("a@x"), "inbound:b@x", TicketIds.forInboundMessage("c@x"));
        assertThat(counts.get("alice@example.com")).isEqualTo(new SenderGate.DailyCount(MARCH_3, 1));
    }

    @Test
    void shouldCapAtFortyNewTicketsADayByDefault() {
        for (int i = 1; i <= 41; i++) {
            send(
                    "m" + i + "@x",
                    "alice@example.com",
                    T0.minus(Duration.ofHours(10)).plusSeconds(i));
        }

        List<TicketEvent> all = events.readValuesToList();
        assertThat(all).hasSize(41);
        assertThat(all.subList(0, 40))
                .allSatisfy(event -> assertThat(event.getPayload()).isInstanceOf(TicketOpened.class));
        assertThat(all.get(40).getTicketId()).isEqualTo("inbound:m41@x");
        assertThat(((SuppressionRecorded) all.get(40).getPayload()).getDetail())
                .isEqualTo("41st new ticket today, cap 40");
    }

    @Test
    void shouldNotCountRepliesToTicketsAlreadyOpen() {
        cap(1);
        send("a@x", "alice@example.com", T0);
        inbound.pipeInput(
                "b@x",
                InboundMessage.newBuilder(email("b@x", "alice@example.com"))
                        .setInReplyTo("a@x")
                        .build(),
                T0.plusSeconds(30));

        assertThat(events.readValuesToList())
                .extracting(event -> event.getPayload().getClass().getSimpleName())
                .containsExactly("TicketOpened", "MessageAdded");
        assertThat(counts.get("alice@example.com")).isEqualTo(new SenderGate.DailyCount(MARCH_2, 1));
    }

    @Test
    void shouldCountATicketThatAReplyOpensAfterTheReopenWindow() {
        routing.configure(
                ConfigEntityType.HELPDESK_SETTINGS,
                ConfigKeys.SETTINGS_ID,
                HelpdeskSettings.newBuilder()
                        .setSenderCapPerDay(1)
                        .setReopenWindowDays(0)
                        .build());
        send("a@x", "alice@example.com", T0);
        String first = TicketIds.forInboundMessage("a@x");
        KeyValueStore<String, TicketAggregate> tickets =
                routing.driver().getKeyValueStore(RoutingTopology.TICKET_STORE);
        TicketAggregate aggregate = tickets.get(first);
        tickets.put(
                first,
                TicketAggregate.newBuilder(aggregate)
                        .setTicket(Ticket.newBuilder(aggregate.getTicket())
                                .setLifecycle(LifecycleState.CLOSED)
                                .setStatusId("closed")
                                .setClosedAt(T0)
                                .build())
                        .build());
        events.readValuesToList();
        gate.readValuesToList();

        inbound.pipeInput(
                "b@x",
                InboundMessage.newBuilder(email("b@x", "alice@example.com"))
                        .setInReplyTo("a@x")
                        .build(),
                T0.plusSeconds(30));

        TicketEvent capped = events.readValue();
        assertThat(capped.getTicketId()).isEqualTo("inbound:b@x");
        assertThat(((SuppressionRecorded) capped.getPayload()).getDetail()).isEqualTo("2nd new ticket today, cap 1");
        assertThat(events.isEmpty()).isTrue();
        IntakeRequest resent = gate.readValue();
        assertThat(resent.getRoute()).isEqualTo(IntakeRoute.REOPEN_WINDOW_EXPIRED);
        assertThat(resent.getLinkedTicketId()).isEqualTo(first);
        assertThat(gate.isEmpty()).isTrue();
    }

    @Test
    void shouldNotCapMessagesSubmittedWithAnApiKeyNorWhenTheCapIsZero() {
        cap(1);
        Actor integration = new Actor(ActorKind.INTEGRATION, "key-1", "Monitoring", null);
        for (String id : List.of("api-1", "api-2")) {
            inbound.pipeInput(
                    id,
                    InboundMessage.newBuilder(email(id, "monitor@example.com"))
                            .setChannel(Channel.API)
                            .setSubmittedBy(integration)
                            .build(),
                    T0);
        }
        cap(0);
        send("a@x", "alice@example.com", T0);
        send("b@x", "alice@example.com", T0);

        assertThat(events.readValuesToList())
                .extracting(event -> event.getPayload().getClass().getSimpleName() + " " + event.getTicketId())
                .containsExactly(
                        "TicketOpened " + TicketIds.forInboundMessage("api-1"),
                        "TicketOpened " + TicketIds.forInboundMessage("api-2"),
                        "TicketOpened " + TicketIds.forInboundMessage("a@x"),
                        "TicketOpened " + TicketIds.forInboundMessage("b@x"));
        assertThat(gate.readKeyValuesToList())
                .extracting(record -> record.key)
                .containsExactly("alice@example.com", "alice@example.com");
        assertThat(counts.approximateNumEntries()).isZero();
    }

    @Test
    void shouldForgetTheCountsOfEarlierDaysAsStreamTimeMovesOn() {
        send("a@x", "alice@example.com", T0);
        send("b@x", "bob@example.com", T0.plus(Duration.ofDays(2)));

        assertThat(counts.get("alice@example.com")).isNull();
        assertThat(counts.get("bob@example.com"))
                .isEqualTo(
                        new SenderGate.DailyCount(LocalDate.parse("2026-03-04").toEpochDay(), 1));
    }

    @Test
    void shouldCountALateRecordAgainstTheSendersCurrentDay() {
        cap(1);
        send("a@x", "alice@example.com", T0.plus(Duration.ofHours(2)));
        send("b@x", "alice@example.com", T0);

        assertThat(events.readKeyValuesToList())
                .extracting(record -> record.key)
                .containsExactly(TicketIds.forInboundMessage("a@x"), "inbound:b@x");
        assertThat(counts.get("alice@example.com")).isEqualTo(new SenderGate.DailyCount(MARCH_3, 2));
    }

    @Test
    void shouldSpellOrdinalsAsPeopleDo() {
        assertThat(List.of(1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 41, 101, 111, 112))
                .extracting(SenderGate::ordinal)
                .containsExactly(
                        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "41st", "101st",
                        "111th", "112th");
    }

    private void cap(int perDay) {
        routing.configure(
                ConfigEntityType.HELPDESK_SETTINGS,
                ConfigKeys.SETTINGS_ID,
                HelpdeskSettings.newBuilder().setSenderCapPerDay(perDay).build());
    }

    private void send(String messageId, String from, Instant at) {
        inbound.pipeInput(messageId, email(messageId, from), at);
    }

    private static InboundMessage email(String messageId, String from) {
        return InboundMessage.newBuilder()
                .setMessageId(messageId)
                .setChannel(Channel.EMAIL)
                .setReceivedAt(T0)
                .setFrom(new Contact(from, null, null))
                .setSubject("Help " + messageId)
                .setBody(MessageBody.newBuilder().setText("Please").build())
                .build();
    }
}
