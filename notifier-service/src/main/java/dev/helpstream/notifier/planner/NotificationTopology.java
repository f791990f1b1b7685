package dev.helpstream.notifier.planner;

import dev.helpstream.schema.Ticket;
import dev.helpstream.schema.TicketEvent;
import dev.helpstream.schema.serde.SingleObjectAvroSerdes;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.Topics;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The notifier's planning topology, a pure function of its settings: the runtime and the tests
 * build it the same way. It decides, exactly once per event and audience (exactly-once v2), which
 * emails and webhook calls an event causes, and renders them onto the delivery topics; it never
 * sends anything itself.
 *
 * <pre>
 * helpdesk.config.v1             → config-updater → [config-store]                  (global)
 * tickets.events.v1              → events-source → context-folder [ticket-context, machine-tickets]
 *                                    → customer-mails [ticket-context] ┐
 *                                    → agent-mails                      ├→ email-sink   → notifications.email.v1
 *                                    → ticket-webhooks                  └→ webhook-sink → notifications.webhook.v1
 * tickets.sla.v1                 → sla-source → sla-agent-mails [ticket-context] → email-sink
 *                                             → sla-webhooks [ticket-context]    → webhook-sink
 * notifications.portal-links.v1  → portal-links-source → portal-link-mails → portal-email-sink
 *                                                                             → notifications.email.v1
 * notifications.webhook-tests.v1 → webhook-tests-source → webhook-tests → test-webhook-sink
 *                                                                             → notifications.webhook.v1
 * </pre>
 *
 * <p>{@code tickets.sla.v1} is co-partitioned with {@code tickets.events.v1} (both keyed by ticket
 * id, one partition count), so the SLA planners read the ticket's context from the same task's
 * store: they share the events' sub-topology.
 *
 * <p>Email deliveries about a ticket are keyed by ticket id, portal-link emails by the customer's
 * address, webhook deliveries by webhook id. Each planner plans its audiences (the customer, each
 * agent, each webhook) one by one, so a failure planning one is logged and costs that one alone; a
 * failure of the event as a whole goes to the processing exception handler (and its dead letters).
 */
public final class NotificationTopology {

    public static final String CONFIG_STORE = "config-store";
    public static final String CONTEXT_STORE = "ticket-context";
    public static final String MACHINE_TICKETS_STORE = "machine-tickets";

    static final String CONFIG_SOURCE = "config-source";
    static final String CONFIG_UPDATER = "config-updater";
    static final String EVENTS_SOURCE = "events-source";
    static final String CONTEXT_FOLDER = "context-folder";
    static final String CUSTOMER_MAILS = "customer-mails";
    static final String AGENT_MAILS = "agent-mails";
    static final String TICKET_WEBHOOKS = "ticket-webhooks";
    static final String SLA_SOURCE = "sla-source";
    static final String SLA_AGENT_MAILS = "sla-agent-mails";
    static final String SLA_WEBHOOKS = "sla-webhooks";
    static final String EMAIL_SINK = "email-sink";
    static final String WEBHOOK_SINK = "webhook-sink";
    static final String PORTAL_LINKS_SOURCE = "portal-links-source";
    static final String PORTAL_LINK_MAILS = "portal-link-mails";
    static final String PORTAL_EMAIL_SINK = "portal-email-sink";
    static final String WEBHOOK_TESTS_SOURCE = "webhook-tests-source";
    static final String WEBHOOK_TESTS = "webhook-tests";
    static final String TEST_WEBHOOK_SINK = "test-webhook-sink";

    private NotificationTopology() {}

    /**
     * Settings the topology depends on; everything else comes from the config topic.
     *
     * @param portalUrl base of the links in emails and webhooks when the helpdesk settings name no
     *     {@code publicBaseUrl}
     * @param fallbackFromAddress sender address when neither the ticket, its department nor any
     *     support address gives one
     */
    public record Settings(String portalUrl, String fallbackFromAddress) {

        public Settings {
            Objects.requireNonNull(portalUrl, "portalUrl");
            Objects.requireNonNull(fallbackFromAddress, "fallbackFromAddress");
        }

        public static Settings defaults() {
            return new Settings("http://localhost:8080", "support@helpstream.local");
        }
    }

    public static Topology build(Settings settings) {
        return assemble(settings, new Topology());
    }

    /**
     * The topology built with topology-level configuration (a processor wrapper, the default
     * exception handlers...), as {@link Topology#Topology(TopologyConfig)} takes it.
     */
    public static Topology build(Settings settings, TopologyConfig topologyConfig) {
        return assemble(settings, new Topology(topologyConfig));
    }

    private static Topology assemble(Settings settings, Topology topology) {
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(CONFIG_STORE),
                                Topics.CONFIG.keySerde(),
                                Topics.CONFIG.valueSerde())
                        // The compacted config topic is the store's changelog already.
                        .withLoggingDisabled(),
                CONFIG_SOURCE,
                Topics.CONFIG.keySerde().deserializer(),
                Topics.CONFIG.valueSerde().deserializer(),
                Topics.CONFIG.name(),
                CONFIG_UPDATER,
                ConfigStoreUpdater::new);

        addSource(topology, EVENTS_SOURCE, Topics.EVENTS);
        topology.addProcessor(CONTEXT_FOLDER, new ContextSupplier(), EVENTS_SOURCE);
        topology.addProcessor(CUSTOMER_MAILS, () -> new CustomerMailPlanner(settings), CONTEXT_FOLDER);
        topology.connectProcessorAndStateStores(CUSTOMER_MAILS, CONTEXT_STORE);
        topology.addProcessor(AGENT_MAILS, () -> new AgentMailPlanner(settings), CONTEXT_FOLDER);
        topology.addProcessor(TICKET_WEBHOOKS, () -> new TicketWebhookPlanner(settings), CONTEXT_FOLDER);

        addSource(topology, SLA_SOURCE, Topics.SLA);
        topology.addProcessor(SLA_AGENT_MAILS, () -> new SlaMailPlanner(settings), SLA_SOURCE);
        topology.connectProcessorAndStateStores(SLA_AGENT_MAILS, CONTEXT_STORE);
        topology.addProcessor(SLA_WEBHOOKS, () -> new SlaWebhookPlanner(settings), SLA_SOURCE);
        topology.connectProcessorAndStateStores(SLA_WEBHOOKS, CONTEXT_STORE);

        addSink(topology, EMAIL_SINK, Topics.EMAIL_DELIVERIES, CUSTOMER_MAILS, AGENT_MAILS, SLA_AGENT_MAILS);
        addSink(topology, WEBHOOK_SINK, Topics.WEBHOOK_DELIVERIES, TICKET_WEBHOOKS, SLA_WEBHOOKS);

        addSource(topology, PORTAL_LINKS_SOURCE, Topics.PORTAL_ACCESS_LINKS);
        topology.addProcessor(PORTAL_LINK_MAILS, () -> new PortalLinkMailer(settings), PORTAL_LINKS_SOURCE);
        addSink(topology, PORTAL_EMAIL_SINK, Topics.EMAIL_DELIVERIES, PORTAL_LINK_MAILS);

        addSource(topology, WEBHOOK_TESTS_SOURCE, Topics.WEBHOOK_TESTS);
        topology.addProcessor(WEBHOOK_TESTS, () -> new WebhookTestPlanner(settings), WEBHOOK_TESTS_SOURCE);
        addSink(topology, TEST_WEBHOOK_SINK, Topics.WEBHOOK_DELIVERIES, WEBHOOK_TESTS);
        return topology;
    }

    private static <V> void addSource(Topology topology, String name, Topic<String, V> topic) {
        topology.addSource(
                name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    }

    private static <V> void addSink(Topology topology, String name, Topic<String, V> topic, String... parents) {
        topology.addSink(
                name,
                topic.name(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer(),
                parents);
    }

    /** The context processor with its store attached. */
    private record ContextSupplier() implements ProcessorSupplier<String, TicketEvent, String, TicketChange> {

        @Override
        public Processor<String, TicketEvent, String, TicketChange> get() {
            return new TicketContextProcessor();
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            StoreBuilder<KeyValueStore<String, Ticket>> contexts = Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(CONTEXT_STORE),
                    Serdes.String(),
                    SingleObjectAvroSerdes.instance().serde(Ticket.class));
            StoreBuilder<KeyValueStore<String, String>> machineTickets = Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(MACHINE_TICKETS_STORE), Serdes.String(), Serdes.String());
            return Set.of(contexts, machineTickets);
        }
    }
}
