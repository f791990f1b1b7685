package dev.helpstream.notifier.planner;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.ConfigEntityType;
import dev.helpstream.schema.Contact;
import dev.helpstream.schema.EmailDelivery;
import dev.helpstream.schema.LifecycleState;
import dev.helpstream.schema.MessageBody;
import dev.helpstream.schema.PortalAccessLink;
import dev.helpstream.schema.SlaEvent;
import dev.helpstream.schema.SlaEventKind;
import dev.helpstream.schema.SlaMetric;
import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.WebhookDelivery;
import dev.helpstream.schema.WebhookTestRequest;
import dev.helpstream.schema.config.Agent;
import dev.helpstream.schema.config.Department;
import dev.helpstream.schema.config.HelpdeskSettings;
import dev.helpstream.schema.config.Priority;
import dev.helpstream.schema.config.Status;
import dev.helpstream.schema.config.SupportAddress;
import dev.helpstream.schema.event.MessageAdded;
import dev.helpstream.schema.event.MessageDirection;
import dev.helpstream.schema.event.TicketOpened;
import dev.helpstream.schema.ids.ConfigKeys;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The notification topology on a {@link TopologyTestDriver} with a fixed start instant, a small
 * helpdesk (settings, the Hosting and Billing departments, their support addresses, statuses,
 * priorities and agents) and builders for ticket events. Each event of a ticket gets the next
 * version and the id {@code <prefix>-v<version>}.
 */
final class PlannerDriver implements AutoCloseable {

    static final String APPLICATION_ID = "notifier-test";
    static final Instant T0 = Instant.parse("2025-03-03T09:00:00Z");
    static final String TICKET = "6f1c2a3e-4b5d-4e6f-8a7b-9c0d1e2f3a4b";
    static final long NUMBER = 10234;
    static final String DOMAIN = "help.acme.example";
    static final String SUPPORT = "support@acme.example";
    static final String BILLING_ADDRESS = "billing@acme.example";
    static final String CUSTOMER_MESSAGE_ID = "CAF1x@mail.customer.example";
    static final Contact ALICE = new Contact("alice@customer.example", "Alice Martin", null);
    static final Actor CUSTOMER = new Actor(ActorKind.CUSTOMER, "alice@customer.example", "Alice Martin", null);
    static final Actor BOB = new Actor(ActorKind.AGENT, "bob", "Bob Agent", "bob@acme.example");
    static final Actor CAROL = new Actor(ActorKind.AGENT, "carol", "Carol Agent", "carol@acme.example");
    static final Actor ROUTING = new Actor(ActorKind.SYSTEM, "routing", null, null);

    private final TopologyTestDriver driver;
    private final TestInputTopic<String, ConfigEntity> config;
    private final TestInputTopic<String, TicketEvent> events;
    private final TestInputTopic<String, SlaEvent> sla;
    private final TestInputTopic<String, PortalAccessLink> portalLinks;
    private final TestInputTopic<String, WebhookTestRequest> webhookTests;
    private final TestOutputTopic<String, EmailDelivery> emails;
    private final TestOutputTopic<String, WebhookDelivery> webhooks;
    private Instant now = T0;
    private long version;

    PlannerDriver() {
        this(new Properties());
    }

    /** The driver with more Streams settings (exception handlers, a processor wrapper...). */
    PlannerDriver(Properties overrides) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.putAll(overrides);
        driver = new TopologyTestDriver(
                NotificationTopology.build(
                        new NotificationTopology.Settings("http://localhost:8080", "fallback@acme.example"),
                        new TopologyConfig(new StreamsConfig(props))),
                props,
                T0);
        config = input(Topics.CONFIG);
        events = input(Topics.EVENTS);
        sla = input(Topics.SLA);
        portalLinks = input(Topics.PORTAL_ACCESS_LINKS);
        webhookTests = input(Topics.WEBHOOK_TESTS);
        emails = driver.createOutputTopic(
                Topics.EMAIL_DELIVERIES.name(),
                Topics.EMAIL_DELIVERIES.keySerde().deserializer(),
                Topics.EMAIL_DELIVERIES.valueSerde().deserializer());
        webhooks = driver.createOutputTopic(
                Topics.WEBHOOK_DELIVERIES.name(),
                Topics.WEBHOOK_DELIVERIES.keySerde().deserializer(),
                Topics.WEBHOOK_DELIVERIES.valueSerde().deserializer());
        helpdesk(settings().build());
        configure(
                ConfigEntityType.DEPARTMENT,
                "hosting",
                Department.newBuilder()
                        .setName("Hosting")
                        .setSignature("The Hosting team")
                        .setNotifyAgentIds(List.of("bob", "carol"))
                        .build());
        configure(
                ConfigEntityType.DEPARTMENT,
                "billing",
                Department.newBuilder()
                        .setName("Billing")
                        .setNotifyAgentIds(List.of("dave"))
                        .build());
        configure(
                ConfigEntityType.SUPPORT_ADDRESS,
                SUPPORT,
                SupportAddress.newBuilder()
                        .setEmail(SUPPORT)
                        .setDisplayName("Acme Support")
                        .setDepartmentId("hosting")
                        .build());
        configure(
                ConfigEntityType.SUPPORT_ADDRESS,
                BILLING_ADDRESS,
                SupportAddress.newBuilder()
                        .setEmail(BILLING_ADDRESS)
                        .setDepartmentId("billing")
                        .build());
        configure(ConfigEntityType.STATUS, "new", status("New", LifecycleState.NEW));
        configure(ConfigEntityType.STATUS, "open", status("Open", LifecycleState.OPEN));
        configure(ConfigEntityType.STATUS, "waiting", status("Waiting for you", LifecycleState.WAITING_ON_CUSTOMER));
        configure(ConfigEntityType.STATUS, "resolved", status("Resolved", LifecycleState.RESOLVED));
        configure(ConfigEntityType.STATUS, "closed", status("Closed", LifecycleState.CLOSED));
        configure(ConfigEntityType.PRIORITY, "normal", new Priority("Normal", 2, null, true));
        configure(ConfigEntityType.PRIORITY, "urgent", new Priority("Urgent", 4, null, true));
        configure(
                ConfigEntityType.AGENT,
                "bob",
                agent("Bob Agent", "bob@acme.example").build());
        configure(
                ConfigEntityType.AGENT,
                "carol",
                agent("Carol Agent", "carol@acme.example").build());
        configure(
                ConfigEntityType.AGENT,
                "dave",
                agent("Dave Billing", "dave@acme.example").build());
    }

    static HelpdeskSettings.Builder settings() {
        return HelpdeskSettings.newBuilder()
                .setHelpdeskName("Acme Hosting")
                .setPublicBaseUrl("https://help.acme.example/")
                .setMessageIdDomain(DOMAIN);
    }

    static Agent.Builder agent(String name, String email) {
        return Agent.newBuilder()
                .setUsername(email.substring(0, email.indexOf('@')))
                .setDisplayName(name)
                .setEmail(email);
    }

    private static Status status(String name, LifecycleState lifecycle) {
        return Status.newBuilder()
                .setName(name)
                .setLifecycle(lifecycle)
                .setOrder(lifecycle.ordinal())
                .build();
    }

    /** A ticket opened by email from Alice to the Hosting support address. */
    static TicketOpened.Builder opened() {
        return TicketOpened.newBuilder()
                .setSubject("Disk full on web-3")
                .setCustomer(ALICE)
                .setChannel(Channel.EMAIL)
                .setSupportAddress(SUPPORT)
                .setDepartmentId("hosting")
                .setPriorityId("normal")
                .setStatusId("new")
                .setLifecycle(LifecycleState.NEW)
                .setFirstMessageId("m1")
                .setEmailMessageId(CUSTOMER_MESSAGE_ID)
                .setBody(MessageBody.newBuilder().setText("/var is at 100%").build())
                .setAutoReplyAllowed(true);
    }

    /** A staff reply by Bob. */
    static MessageAdded.Builder reply(String text) {
        return MessageAdded.newBuilder()
                .setMessageId("r-" + text.hashCode())
                .setAuthor(BOB)
                .setFrom(new Contact("bob@acme.example", "Bob Agent", null))
                .setDirection(MessageDirection.OUTBOUND)
                .setChannel(Channel.STAFF)
                .setBody(MessageBody.newBuilder().setText(text).build())
                .setAppendSignature(true);
    }

    /** A reply by Alice, by email. */
    static MessageAdded.Builder customerReply(String text, String emailMessageId) {
        return MessageAdded.newBuilder()
                .setMessageId("c-" + emailMessageId)
                .setAuthor(CUSTOMER)
                .setFrom(ALICE)
                .setDirection(MessageDirection.INBOUND)
                .setChannel(Channel.EMAIL)
                .setBody(MessageBody.newBuilder().setText(text).build())
                .setEmailMessageId(emailMessageId)
                .setAutoReplyAllowed(true);
    }

    /** Pipes the next event of {@link #TICKET}, one minute after the previous one; returns it. */
    TicketEvent event(Actor actor, Object payload) {
        return event(TICKET, NUMBER, actor, payload);
    }

    TicketEvent event(String ticketId, long number, Actor actor, Object payload) {
        version++;
        now = now.plus(Duration.ofMinutes(1));
        TicketEvent event = TicketEvent.newBuilder()
                .setEventId("ev-" + number + "-v" + version)
                .setTicketId(ticketId)
                .setTicketNumber(number)
                .setVersion(version)
                .setOccurredAt(now)
                .setActor(actor)
                .setPayload(payload)
                .build();
        events.pipeInput(ticketId, event, now);
        return event;
    }

    /** Pipes an event as it is (a redelivery, or one of another ticket). */
    void pipe(TicketEvent event) {
        events.pipeInput(event.getTicketId(), event, event.getOccurredAt());
    }

    /**
     * An SLA event of {@link #TICKET} in Hosting, unassigned, under the policy {@code gold}: id
     * {@code sla-<kind>-<metric>}, the deadline at {@code dueAt}, the warning 80 minutes before.
     */
    static SlaEvent.Builder slaEvent(SlaEventKind kind, SlaMetric metric, Instant dueAt) {
        return SlaEvent.newBuilder()
                .setEventId("sla-" + kind.name().toLowerCase(java.util.Locale.ROOT) + "-"
                        + metric.name().toLowerCase(java.util.Locale.ROOT))
                .setTicketId(TICKET)
                .setTicketNumber(NUMBER)
                .setOccurredAt(kind == SlaEventKind.WARNING ? dueAt.minus(Duration.ofMinutes(80)) : dueAt)
                .setKind(kind)
                .setMetric(metric)
                .setPolicyId("gold")
                .setPolicyRevision(1L)
                .setDueAt(dueAt)
                .setWarnAt(dueAt.minus(Duration.ofMinutes(80)))
                .setRemainingBusinessMillis(
                        kind == SlaEventKind.WARNING ? Duration.ofMinutes(80).toMillis() : 0L)
                .setDepartmentId("hosting");
    }

    /** Pipes an SLA event at its {@code occurredAt}, as sla-stream stamps it. */
    void sla(SlaEvent event) {
        sla.pipeInput(event.getTicketId(), event, event.getOccurredAt());
    }

    /** Starts the versions of the next ticket over. */
    void newTicket() {
        version = 0;
    }

    void helpdesk(HelpdeskSettings settings) {
        configure(ConfigEntityType.HELPDESK_SETTINGS, ConfigKeys.SETTINGS_ID, settings);
    }

    /** Saves a configuration entity as the admin API would. */
    void configure(ConfigEntityType type, String id, Object payload) {
        config.pipeInput(
                type.name() + ":" + id,
                ConfigEntity.newBuilder()
                        .setEntityType(type)
                        .setId(id)
                        .setRevision(1)
                        .setUpdatedAt(T0)
                        .setUpdatedBy(new Actor(ActorKind.ADMIN, "admin", null, null))
                        .setPayload(payload)
                        .build(),
                T0);
    }

    void portalLink(PortalAccessLink link) {
        portalLinks.pipeInput(link.getEmail(), link, link.getRequestedAt());
    }

    void webhookTest(WebhookTestRequest request) {
        webhookTests.pipeInput(request.getWebhookId(), request, request.getRequestedAt());
    }

    TestOutputTopic<String, EmailDelivery> emails() {
        return emails;
    }

    TestOutputTopic<String, WebhookDelivery> webhooks() {
        return webhooks;
    }

    /** Records written to a topic outside the catalogue's serdes (a dead-letter topic), raw. */
    TestOutputTopic<byte[], byte[]> rawOutput(String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Every topic the topology wrote to so far, changelogs included. */
    Set<String> producedTopicNames() {
        return driver.producedTopicNames();
    }

    /** The id of the event that opened the ticket, if machine-written mail opened it. */
    String machineOpening(String ticketId) {
        KeyValueStore<String, String> store = driver.getKeyValueStore(NotificationTopology.MACHINE_TICKETS_STORE);
        return store.get(ticketId);
    }

    Ticket context(String ticketId) {
        KeyValueStore<String, Ticket> store = driver.getKeyValueStore(NotificationTopology.CONTEXT_STORE);
        return store.get(ticketId);
    }

    Instant now() {
        return now;
    }

    /** Lets time pass before the next event (which comes a minute after that). */
    void advance(Duration idle) {
        now = now.plus(idle);
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(
                topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
