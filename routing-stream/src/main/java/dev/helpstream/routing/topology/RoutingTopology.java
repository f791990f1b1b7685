package dev.helpstream.routing.topology;

import dev.helpstream.routing.ticket.TicketNumbers;
import dev.helpstream.schema.ConfigEntity;
import dev.helpstream.schema.InboundMessage;
import dev.helpstream.schema.internal.DirectoryEntry;
import dev.helpstream.schema.internal.IntakeRequest;
import dev.helpstream.schema.internal.TicketAggregate;
import dev.helpstream.schema.topic.Topic;
import dev.helpstream.schema.topic.Topics;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The routing-stream topology, a pure function of its settings: the runtime and the tests build it
 * the same way.
 *
 * <pre>
 * helpdesk.config.v1     → config-updater   → [config-store]        (global)
 * routing.directory.v1   → directory-updater → [ticket-directory]   (global)
 * tickets.inbound.v1     → thread-resolver [seen-messages]
 *                          → routing.intake.v1       (threads into a ticket; loops, bounces, API keys)
 *                          → routing.sender-gate.v1  (would open a new ticket; keyed by sender)
 * routing.sender-gate.v1 → sender-gate [sender-counts]
 *                          → routing.intake.v1       (admitted: within the sender's daily cap)
 *                          → tickets.events.v1       (SuppressionRecorded SENDER_CAP)
 * routing.intake.v1, tickets.commands.v1, tickets.sla.v1 (inactivity timers)
 *                        → ticket-aggregate [ticket-store, ticket-numbers]
 *                          → tickets.events.v1, tickets.state.v1, tickets.command-results.v1,
 *                            routing.directory.v1, routing.intake.v1,
 *                            routing.sender-gate.v1  (sent on to a new ticket)
 * </pre>
 */
public final class RoutingTopology {

    public static final String CONFIG_STORE = "config-store";
    public static final String DIRECTORY_STORE = "ticket-directory";
    public static final String TICKET_STORE = "ticket-store";
    public static final String NUMBER_STORE = "ticket-numbers";
    public static final String SEEN_STORE = "seen-messages";
    public static final String SENDER_COUNT_STORE = "sender-counts";

    static final String CONFIG_SOURCE = "config-source";
    static final String CONFIG_UPDATER = "config-updater";
    static final String DIRECTORY_SOURCE = "directory-source";
    static final String DIRECTORY_UPDATER = "directory-updater";
    static final String INBOUND_SOURCE = "inbound-source";
    static final String THREAD_RESOLVER = "thread-resolver";
    static final String RESOLVED_SINK = "resolved-sink";
    static final String SENDER_GATE_SINK = "sender-gate-sink";
    static final String SENDER_GATE_SOURCE = "sender-gate-source";
    static final String SENDER_GATE = "sender-gate";
    static final String ADMITTED_SINK = "admitted-sink";
    static final String SUPPRESSED_SINK = "suppressed-sink";
    static final String INTAKE_SOURCE = "intake-source";
    static final String TICKET_AGGREGATE = "ticket-aggregate";
    static final String EVENTS_SINK = "events-sink";
    static final String STATE_SINK = "state-sink";
    static final String DIRECTORY_SINK = "directory-sink";
    static final String INTAKE_SINK = "intake-sink";
    static final String RESEND_GATE_SINK = "resend-gate-sink";
    static final String COMMANDS_SOURCE = "commands-source";
    static final String RESULTS_SINK = "results-sink";
    static final String SLA_SOURCE = "sla-source";

    private RoutingTopology() {}

    /**
     * Settings the topology depends on.
     *
     * @param ticketPartitions partitions of the ticket topics (ticket numbers depend on it)
     * @param numberBase the first ticket number
     */
    public record Settings(int ticketPartitions, long numberBase) {

        public static Settings defaults() {
            return new Settings(Topics.TICKET_PARTITIONS, TicketNumbers.DEFAULT_BASE);
        }
    }

    public static Topology build(Settings settings) {
        Topology topology = new Topology();
        topology.addGlobalStore(
                globalStore(CONFIG_STORE, Topics.CONFIG),
                CONFIG_SOURCE,
                Topics.CONFIG.keySerde().deserializer(),
                Topics.CONFIG.valueSerde().deserializer(),
                Topics.CONFIG.name(),
                CONFIG_UPDATER,
                () -> new GlobalStoreUpdater<ConfigEntity>(CONFIG_STORE));
        topology.addGlobalStore(
                globalStore(DIRECTORY_STORE, Topics.ROUTING_DIRECTORY),
                DIRECTORY_SOURCE,
                Topics.ROUTING_DIRECTORY.keySerde().deserializer(),
                Topics.ROUTING_DIRECTORY.valueSerde().deserializer(),
                Topics.ROUTING_DIRECTORY.name(),
                DIRECTORY_UPDATER,
                () -> new GlobalStoreUpdater<DirectoryEntry>(DIRECTORY_STORE));

        topology.addSource(
                INBOUND_SOURCE,
                Topics.INBOUND.keySerde().deserializer(),
                Topics.INBOUND.valueSerde().deserializer(),
                Topics.INBOUND.name());
        topology.addProcessor(THREAD_RESOLVER, new ResolverSupplier(), INBOUND_SOURCE);
        addSink(topology, RESOLVED_SINK, Topics.ROUTING_INTAKE, THREAD_RESOLVER);
        addSink(topology, SENDER_GATE_SINK, Topics.ROUTING_SENDER_GATE, THREAD_RESOLVER);

        topology.addSource(
                SENDER_GATE_SOURCE,
                Topics.ROUTING_SENDER_GATE.keySerde().deserializer(),
                Topics.ROUTING_SENDER_GATE.valueSerde().deserializer(),
                Topics.ROUTING_SENDER_GATE.name());
        topology.addProcessor(SENDER_GATE, new SenderGateSupplier(), SENDER_GATE_SOURCE);
        addSink(topology, ADMITTED_SINK, Topics.ROUTING_INTAKE, SENDER_GATE);
        addSink(topology, SUPPRESSED_SINK, Topics.EVENTS, SENDER_GATE);

        topology.addSource(
                INTAKE_SOURCE,
                Topics.ROUTING_INTAKE.keySerde().deserializer(),
                Topics.ROUTING_INTAKE.valueSerde().deserializer(),
                Topics.ROUTING_INTAKE.name());
        topology.addSource(
                COMMANDS_SOURCE,
                Topics.COMMANDS.keySerde().deserializer(),
                Topics.COMMANDS.valueSerde().deserializer(),
                Topics.COMMANDS.name());
        topology.addSource(
                SLA_SOURCE,
                Topics.SLA.keySerde().deserializer(),
                Topics.SLA.valueSerde().deserializer(),
                Topics.SLA.name());
        topology.addProcessor(
                TICKET_AGGREGATE, new AggregateSupplier(settings), INTAKE_SOURCE, COMMANDS_SOURCE, SLA_SOURCE);
        addSink(topology, EVENTS_SINK, Topics.EVENTS, TICKET_AGGREGATE);
        addSink(topology, STATE_SINK, Topics.STATE, TICKET_AGGREGATE);
        addSink(topology, DIRECTORY_SINK, Topics.ROUTING_DIRECTORY, TICKET_AGGREGATE);
        addSink(topology, INTAKE_SINK, Topics.ROUTING_INTAKE, TICKET_AGGREGATE);
        addSink(topology, RESULTS_SINK, Topics.COMMAND_RESULTS, TICKET_AGGREGATE);
        addSink(topology, RESEND_GATE_SINK, Topics.ROUTING_SENDER_GATE, TICKET_AGGREGATE);
        return topology;
    }

    private static <V> void addSink(Topology topology, String name, Topic<String, V> topic, String parent) {
        topology.addSink(
                name,
                topic.name(),
                topic.keySerde().serializer(),
                topic.valueSerde().serializer(),
                parent);
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> globalStore(String name, Topic<String, V> topic) {
        // The source topic is the store's changelog already.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), topic.keySerde(), topic.valueSerde())
                .withLoggingDisabled();
    }

    /** The thread resolver with its store of recently seen message ids. */
    private record ResolverSupplier() implements ProcessorSupplier<String, InboundMessage, String, IntakeRequest> {

        @Override
        public Processor<String, InboundMessage, String, IntakeRequest> get() {
            return new ThreadResolver();
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.Long()));
        }
    }

    /** The sender gate with its store of each sender's count of the day. */
    private record SenderGateSupplier() implements ProcessorSupplier<String, IntakeRequest, String, SpecificRecord> {

        @Override
        public Processor<String, IntakeRequest, String, SpecificRecord> get() {
            return new SenderGate();
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(Stores.keyValueStoreBuilder(
                    Stores.persistentKeyValueStore(SENDER_COUNT_STORE),
                    Serdes.String(),
                    SenderGate.DailyCount.serde()));
        }
    }

    /** The aggregate processor with its stores attached. */
    private record AggregateSupplier(Settings settings)
            implements ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> {

        @Override
        public Processor<String, SpecificRecord, String, SpecificRecord> get() {
            return new TicketAggregateProcessor(settings.ticketPartitions(), settings.numberBase());
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of(
                    Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(TICKET_STORE),
                            Serdes.String(),
                            dev.helpstream.schema.serde.SingleObjectAvroSerdes.instance()
                                    .serde(TicketAggregate.class)),
                    Stores.keyValueStoreBuilder(
                            Stores.persistentKeyValueStore(NUMBER_STORE), Serdes.String(), Serdes.Long()));
        }
    }
}
