package dev.helpstream.gateway.tickets;

import dev.helpstream.gateway.ConfigView;
import dev.helpstream.gateway.security.Caller;
import dev.helpstream.schema.PresenceActivity;
import dev.helpstream.schema.PresenceBeat;
import dev.helpstream.schema.topic.Topics;
import dev.helpstream.support.kafka.PartitionFollower;
import dev.helpstream.support.kafka.PartitionFollower.StartPosition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who is looking at or replying to a ticket right now, across every gateway instance: collision
 * detection for agents.
 *
 * <p>Output: {@code gateway.presence.v1}, a beat per agent and ticket while the agent's ticket
 * stream is open (and when the agent starts replying or leaves). Input: the same topic, every
 * partition, from the beats of the last presence TTL (so a new instance knows who is there), no
 * consumer group ({@link PartitionFollower}). Invariant: an agent counts as present until its last
 * beat expires; a LEFT beat removes it at once.
 */
@Component
class Presence implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Presence.class);
    private static final Duration POSITION_TIMEOUT = Duration.ofSeconds(60);

    /** A person on a ticket. */
    record Viewer(String agentId, String displayName, PresenceActivity activity, Instant expiresAt) {}

    private final String bootstrapServers;
    private final Duration ttl;
    private final Clock clock;
    private final String instanceId = UUID.randomUUID().toString();
    private final Deserializer<PresenceBeat> values =
            Topics.PRESENCE.valueSerde().deserializer();
    private final Map<String, Map<String, Viewer>> viewers = new ConcurrentHashMap<>();
    private final Map<String, PresenceActivity> declared = new ConcurrentHashMap<>();
    private Disposable sweeper;
    private final Sinks.Many<String> changes = Sinks.many().multicast().directBestEffort();
    private volatile PartitionFollower<String, byte[]> follower;
    private Producer<String, PresenceBeat> producer;

    Presence(
            @Value("${helpstream.kafka.bootstrap-servers}") String bootstrapServers,
            TicketsProperties properties,
            Clock clock) {
        this.bootstrapServers = bootstrapServers;
        this.ttl = properties.streams().presenceTtl();
        this.clock = clock;
    }

    /** Records that the agent is on the ticket (or left it), for every instance to see. */
    Mono<Void> beat(Caller caller, String ticketId, PresenceActivity activity) {
        Instant now = clock.instant();
        PresenceBeat beat = new PresenceBeat(
                ticketId,
                caller.id(),
                caller.displayName() == null ? caller.id() : caller.displayName(),
                activity,
                instanceId,
                now,
                now.plus(ttl));
        return Mono.<Void>create(sink -> producer.send(
                        new ProducerRecord<>(Topics.PRESENCE.name(), ticketId, beat), (metadata, error) -> {
                            if (error != null) {
                                sink.error(error);
                            } else {
                                sink.success();
                            }
                        }))
                .subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * Declares what the agent does on the ticket (from {@code POST .../presence}) and tells every
     * instance. The ticket stream's own beats repeat the declared activity, so "replying" lasts
     * until the agent says otherwise or closes the ticket.
     */
    Mono<Void> declare(Caller caller, String ticketId, PresenceActivity activity) {
        String key = caller.id() + "\u0000" + ticketId;
        if (activity == PresenceActivity.LEFT || activity == PresenceActivity.VIEWING) {
            declared.remove(key);
        } else {
            declared.put(key, activity);
        }
        return beat(caller, ticketId, activity);
    }

    /** The beat of an open ticket stream: the activity last declared here, else viewing. */
    Mono<Void> keepAlive(Caller caller, String ticketId) {
        return beat(
                caller, ticketId, declared.getOrDefault(caller.id() + "\u0000" + ticketId, PresenceActivity.VIEWING));
    }

    /** The stream closed: the agent left the ticket. */
    Mono<Void> leave(Caller caller, String ticketId) {
        declared.remove(caller.id() + "\u0000" + ticketId);
        return beat(caller, ticketId, PresenceActivity.LEFT);
    }

    /** The agents on the ticket now, those replying first. */
    List<Viewer> viewers(String ticketId) {
        Instant now = clock.instant();
        return viewers.getOrDefault(ticketId, Map.of()).values().stream()
                .filter(viewer -> viewer.expiresAt().isAfter(now))
                .sorted(Comparator.comparing((Viewer viewer) -> viewer.activity() != PresenceActivity.REPLYING)
                        .thenComparing(Viewer::displayName))
                .toList();
    }

    ArrayNode viewersJson(String ticketId) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Viewer viewer : viewers(ticketId)) {
            ObjectNode entry = list.addObject();
            entry.put("agentId", viewer.agentId());
            entry.put("displayName", viewer.displayName());
            entry.put("activity", viewer.activity().name());
            entry.put("until", viewer.expiresAt().toString());
        }
        return list;
    }

    /** Ids of tickets whose viewers changed; hot, no history. */
    Flux<String> changes() {
        return changes.asFlux();
    }

    Duration ttl() {
        return ttl;
    }

    @Override
    public void start() {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ProducerConfig.CLIENT_ID_CONFIG,
                        "api-gateway-presence-" + instanceId,
                        ProducerConfig.ACKS_CONFIG,
                        "1",
                        ProducerConfig.LINGER_MS_CONFIG,
                        0),
                Topics.PRESENCE.keySerde().serializer(),
                Topics.PRESENCE.valueSerde().serializer());
        PartitionFollower<String, byte[]> beats = PartitionFollower.builder(
                        bootstrapServers,
                        "api-gateway-presence-reader-" + instanceId,
                        new StringDeserializer(),
                        new ByteArrayDeserializer())
                .topics(Topics.PRESENCE.name())
                // The beats that may still be live, so a new instance knows who is there.
                .from(StartPosition.since(clock.instant().minus(ttl)))
                // The presence producer is not transactional.
                .isolation(IsolationLevel.READ_UNCOMMITTED)
                .property(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)
                .threadName("gateway-presence")
                .failureConsequence("collision detection is off")
                .build(records -> records.forEach(this::apply));
        follower = beats;
        beats.start(POSITION_TIMEOUT);
        // A viewer whose beats stopped (a crashed instance, a lost connection) expires: tell the
        // streams, and forget tickets nobody is on.
        sweeper = Flux.interval(ttl.dividedBy(2)).subscribe(tick -> sweep());
    }

    /** Drops expired viewers and announces the tickets whose viewers changed. */
    void sweep() {
        Instant now = clock.instant();
        for (Map.Entry<String, Map<String, Viewer>> ticket : viewers.entrySet()) {
            boolean removed = ticket.getValue()
                    .values()
                    .removeIf(viewer -> !viewer.expiresAt().isAfter(now));
            if (ticket.getValue().isEmpty()) {
                viewers.remove(ticket.getKey(), ticket.getValue());
            }
            if (removed) {
                synchronized (changes) {
                    changes.tryEmitNext(ticket.getKey());
                }
            }
        }
    }

    @Override
    public void stop() {
        if (sweeper != null) {
            sweeper.dispose();
        }
        PartitionFollower<String, byte[]> current = follower;
        if (current != null) {
            current.close();
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        changes.tryEmitComplete();
    }

    @Override
    public boolean isRunning() {
        PartitionFollower<String, byte[]> current = follower;
        return current != null && current.isRunning();
    }

    @Override
    public int getPhase() {
        return ConfigView.PHASE;
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        PresenceBeat beat;
        try {
            beat = values.deserialize(record.topic(), record.value());
        } catch (SerializationException e) {
            log.warn("Skipped presence record {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
            return;
        }
        Map<String, Viewer> onTicket = viewers.computeIfAbsent(beat.getTicketId(), id -> new ConcurrentHashMap<>());
        Instant now = clock.instant();
        boolean changed;
        if (beat.getActivity() == PresenceActivity.LEFT) {
            changed = onTicket.remove(beat.getAgentId()) != null;
        } else {
            Viewer before = onTicket.put(
                    beat.getAgentId(),
                    new Viewer(beat.getAgentId(), beat.getDisplayName(), beat.getActivity(), beat.getExpiresAt()));
            // A beat that only extends a viewer's time changes nothing anyone sees.
            changed = before == null
                    || !before.expiresAt().isAfter(now)
                    || before.activity() != beat.getActivity()
                    || !before.displayName().equals(beat.getDisplayName());
        }
        changed |= onTicket.values().removeIf(viewer -> !viewer.expiresAt().isAfter(now));
        if (onTicket.isEmpty()) {
            viewers.remove(beat.getTicketId(), onTicket);
        }
        if (changed) {
            synchronized (changes) {
                changes.tryEmitNext(beat.getTicketId());
            }
        }
    }
}
